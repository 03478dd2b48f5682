import chokidar from 'chokidar';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type ProjectPaths } from '../deck/load-deck.ts';
import { rememberYamlParses } from '../deck/yaml-source.ts';
import { EnvironmentError, fileProblem, InputError } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import { isAllowedHost } from './host-check.ts';
import { localeLanguages } from '../i18n/status.ts';
import { DevSession, type DevUpdate } from './dev-session.ts';
import { WorksheetView } from './worksheet-view.ts';
import { devPage, type DevView } from './dev-page.ts';
import { ServedFonts } from './served-fonts.ts';
import { FontHashes } from './last-build.ts';

export interface DevServerOptions {
  root: string;
  deck?: string;
  language?: string;
  port?: number;
  host?: string;
  /** The build output folder whose manifests say which faces changed since the last build (default: dist in the project). */
  out?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  /** A `change` event (detail: `DevChange`) after each language re-rendered for a save: for tests and the benchmark. */
  changes: EventTarget;
  close: () => Promise<void>;
}

/**
 * How long a save's burst of events may pause and still count as one save: an editor's steps (write,
 * rename, touch) come within a millisecond or two; a later step is caught by the look after 100 ms.
 */
const BURST_MS = 5;

/**
 * The designer's live preview: every face at true size, re-rendered on save and pushed to open
 * browsers with server-sent events (the browser's own EventSource, no client library). Errors
 * show as an overlay; the server keeps running.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  rememberYamlParses();
  const project = projectPaths(path.resolve(options.root));
  const { dir: deckDir, sourceLanguage } = await chooseDeck(project, options.deck);
  const languages = await localeLanguages(deckDir);
  const sessions = new Map<string, { session: DevSession; clients: Set<ServerResponse> }>();
  const changes = new EventTarget();
  const fonts = new ServedFonts();
  const build = { out: path.resolve(project.root, options.out ?? 'dist'), fontHashes: new FontHashes() };

  async function sessionFor(language: string) {
    let entry = sessions.get(language);
    if (!entry) {
      if (!languages.includes(language))
        throw new UnknownLanguage(`no locales/${language}.yaml in ${path.basename(deckDir)}; it has: ${languages.join(', ')}`);
      entry = { session: new DevSession(project, deckDir, language, fonts, build), clients: new Set() };
      sessions.set(language, entry);
      await entry.session.refresh();
    }
    return entry;
  }

  const defaultLanguage = options.language ?? sourceLanguage ?? languages[0] ?? 'nl';
  if (!languages.includes(defaultLanguage)) {
    const named = options.language === undefined ? `its source language ${defaultLanguage}` : `--lang ${defaultLanguage}`;
    throw new InputError([
      fileProblem(
        'locale-file-missing',
        path.join(deckDir, 'locales'),
        `${named}: deck ${path.basename(deckDir)} has no locales/${defaultLanguage}.yaml; it has: ${languages.join(', ') || 'none'}`,
        { hint: `show one of those, or start this one with: npx kaartenset i18n add ${defaultLanguage}` },
      ),
    ]);
  }
  await sessionFor(defaultLanguage);
  const worksheet = new WorksheetView(project, deckDir, fonts.url);

  let port = options.port ?? 4321;
  let boundAddress = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    // Any request, however malformed, gets an answer and never takes the server down.
    try {
      handle(request, response);
    } catch (error) {
      log(`request ${JSON.stringify(request.url)} failed: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, PLAIN);
      response.end('internal error');
    }
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  function handle(request: IncomingMessage, response: ServerResponse): void {
    if (!isAllowedHost(request.headers.host, boundAddress, port)) {
      return void response.writeHead(403, PLAIN).end('kaartenset dev answers only to localhost and its own address');
    }
    const url = parseRequestUrl(request.url);
    if (!url) return void response.writeHead(400, PLAIN).end('bad request');
    const language = url.searchParams.get('lang') ?? defaultLanguage;
    if (url.pathname.startsWith('/fonts/')) {
      const font = fonts.lookup(url.pathname);
      if (!font) return void response.writeHead(404, PLAIN).end('not found');
      response.writeHead(200, { 'Content-Type': font.type, 'Cache-Control': 'max-age=3600' });
      createReadStream(font.file).pipe(response);
      return;
    }
    if (worksheet.handles(url.pathname)) {
      worksheet.handle(url, request, response, language);
      return;
    }
    const sheets = /^\/sheets\/([a-z0-9-]+)$/.exec(url.pathname);
    if (url.pathname !== '/' && url.pathname !== '/events' && !sheets) {
      response.writeHead(404, PLAIN).end('not found');
      return;
    }
    const compared = url.searchParams.get('compare');
    const compare = compared && compared !== language ? compared : undefined;
    Promise.all([sessionFor(language), compare ? sessionFor(compare) : undefined]).then(
      async ([entry, other]) => {
        if (url.pathname === '/events') {
          response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
          response.write('retry: 500\n\n');
          // A change may land between loading the page and connecting: catch the browser up.
          const seen = Number(url.searchParams.get('v'));
          if (seen !== entry.session.version) broadcast(new Set([response]), { kind: 'reload' });
          else if (entry.session.currentProblem) broadcast(new Set([response]), { kind: 'problem', message: entry.session.currentProblem });
          entry.clients.add(response);
          request.on('close', () => entry.clients.delete(response));
          return;
        }
        // A build made since the last save clears its marks on the page opened now, and on those open.
        for (const shown of other ? [entry, other] : [entry]) broadcast(shown.clients, await shown.session.recheckBuild());
        const profiles = [...(entry.session.rendered?.profiles.keys() ?? [])];
        // Until the deck has rendered once, any view shows the problem that stops it.
        if (sheets && entry.session.rendered && !profiles.includes(sheets[1]!)) {
          return void response
            .writeHead(404, PLAIN)
            .end(`no sheet profile "${sheets[1]}" for this deck; it is imposed on: ${profiles.join(', ')}`);
        }
        const views: DevView[] = [
          { path: '/', label: 'cards' },
          ...profiles.map((name) => ({ path: `/sheets/${name}`, label: `sheets: ${name}` })),
          ...(entry.session.rendered?.worksheet ? [{ path: '/worksheet', label: 'worksheet' }] : []),
        ];
        const page = devPage(entry.session, {
          show: sheets ? { profile: sheets[1]! } : { cards: true },
          compare: other?.session,
          languages,
          views,
          path: url.pathname,
          out: path.relative(project.root, build.out) || '.',
        });
        response.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        response.end(page);
      },
      (error: Error) => {
        if (!(error instanceof UnknownLanguage)) log(`lang=${language}: ${error.message}`);
        response.writeHead(404, PLAIN).end(error.message);
      },
    );
  }
  let pending: NodeJS.Timeout | undefined;
  let burst: { files: Set<string>; seenAt: number } | undefined;
  let running = Promise.resolve();
  const lookingAgain = new Set<NodeJS.Timeout>();
  let closed = false;
  const watcher = chokidar.watch([deckDir, project.templatesDir, project.pictosDir], { ignoreInitial: true, awaitWriteFinish: false });
  const saved = (files: Iterable<string>) => {
    clearTimeout(pending);
    burst ??= { files: new Set(), seenAt: performance.now() };
    for (const file of files) burst.files.add(path.resolve(file));
    // Editors write a file in several steps; one render per burst of events.
    pending = setTimeout(() => {
      const { files, seenAt } = burst!;
      burst = undefined;
      running = running.then(() => refreshAll(files, seenAt));
    }, BURST_MS);
  };
  watcher.on('all', (_event, file) => saved([file]));

  async function refreshAll(files: Set<string>, seenAt: number) {
    const named = [...files].map((file) => path.relative(project.root, file)).join(', ');
    try {
      const read = await contents(files);
      await refreshSessions(files, named, seenAt);
      // chokidar drops the events of a save that follows another of the same file within a few
      // ms (its per-file throttle, longer when a loaded machine runs timers late): a fast render
      // lets a second save (a formatter's, a test's fix) land there. Such a save is found here.
      const timer = setTimeout(async () => {
        lookingAgain.delete(timer);
        if ((await contents(files)) !== read && !closed) saved(files);
      }, 100);
      lookingAgain.add(timer);
    } catch (error) {
      // A session turns every mistake into a problem on the page; this only guards the watcher's chain.
      log(`${named}: ${(error as Error).message}`);
    }
  }

  async function refreshSessions(files: Set<string>, named: string, seenAt: number) {
    const startedAt = performance.now();
    const cpu = process.cpuUsage();
    // A save of locale files alone renders the languages it can change, and no other.
    const edited = new Set([...files].map((file) => localeLanguage(deckDir, file)));
    const only = edited.has(undefined) ? undefined : (edited as Set<string>);
    // The languages saved first, then those on an open page, then the rest.
    const order = ([language, entry]: [string, { clients: Set<ServerResponse> }]) =>
      only?.has(language) ? 0 : entry.clients.size > 0 ? 1 : 2;
    const due = [...sessions].filter(([, { session }]) => !only || session.readsLocales(only)).sort((a, b) => order(a) - order(b));
    for (const [language, { session, clients }] of due) {
      const update = await session.refresh(files);
      broadcast(clients, update);
      const sentAt = performance.now();
      const ms = Math.round(sentAt - startedAt);
      log(`${named}: ${describe(update)} [${language}] in ${ms} ms`);
      const { user, system } = process.cpuUsage(cpu);
      const detail: DevChange = { update, language, file: named, seenAt, startedAt, sentAt, ms, cpuMs: (user + system) / 1000 };
      changes.dispatchEvent(Object.assign(new Event('change'), { detail }));
    }
  }

  try {
    await listen(server, port, boundAddress);
  } catch (error) {
    await Promise.all([watcher.close(), worksheet.close()]);
    throw error;
  }
  const address = server.address() as AddressInfo;
  port = address.port;
  boundAddress = address.address;
  return {
    url: `http://${address.address}:${address.port}/`,
    changes,
    close: async () => {
      closed = true;
      clearTimeout(pending);
      for (const timer of lookingAgain) clearTimeout(timer);
      await watcher.close();
      await worksheet.close();
      for (const { clients } of sessions.values()) for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One language re-rendered after a save, with when each step happened (`performance.now()`), for the benchmark. */
export interface DevChange {
  update: DevUpdate;
  language: string;
  /** The file saved, relative to the project. */
  file: string;
  /** The watcher's first event of the save's burst. */
  seenAt: number;
  /** The re-render of the save began (after the burst settled and any earlier save was done). */
  startedAt: number;
  /** This language's update was written to its open pages. */
  sentAt: number;
  /** Milliseconds from the start of the re-render to this language's update sent. */
  ms: number;
  /** The process's CPU time over the same span (ms): what the re-render cost, whatever else the machine ran. */
  cpuMs: number;
}

const PLAIN = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/** A language the deck has no locale file for: the browser is told, the log is not flooded. */
class UnknownLanguage extends Error {}

/** The request's path and query; undefined for a target no URL parser accepts (`//x:y@[bad/`). */
function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** Listens, or says in words why not (a port in use is a user's matter, not a stack trace). */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new EnvironmentError(`port ${port} on ${host} is in use (another kaartenset dev?); choose another with --port`));
      else if (error.code === 'EACCES')
        reject(new EnvironmentError(`port ${port} on ${host} is not permitted for this user; choose one above 1023 with --port`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new EnvironmentError(`${host} is not an address of this machine`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function broadcast(clients: Set<ServerResponse>, update: DevUpdate): void {
  if (update.kind === 'none') return;
  const event = update.kind;
  const data = JSON.stringify(update);
  for (const client of clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
}

function describe(update: DevUpdate): string {
  if (update.kind === 'faces') return `${update.faces.length} face(s)${update.css !== undefined ? ' + styles' : ''} updated`;
  if (update.kind === 'problem') return `problem: ${update.message.split('\n')[0]}`;
  if (update.kind === 'ok') return 'problem fixed';
  return update.kind === 'reload' ? 'cards added or removed: page reloaded' : 'no visible change';
}

/** What the saved files hold now (a file gone reads as nothing): to tell whether they changed since. */
async function contents(files: Iterable<string>): Promise<string> {
  const texts = await Promise.all([...files].map((file) => readFile(file, 'utf8').catch(() => '')));
  return JSON.stringify(texts);
}

/** The language whose locale file this is (`locales/<language>.yaml` of the deck), or undefined for any other file. */
function localeLanguage(deckDir: string, file: string): string | undefined {
  const relative = path.relative(path.join(deckDir, 'locales'), file);
  return /^[^/\\]+\.yaml$/.test(relative) ? relative.slice(0, -'.yaml'.length) : undefined;
}

/** The named deck, or the one with the most cards (the main deck of the project), and its source language. */
async function chooseDeck(project: ProjectPaths, named?: string): Promise<{ dir: string; sourceLanguage?: string }> {
  const dirs = await findDeckDirs(project.root, named ? [named] : []);
  const all = named ? await findDeckDirs(project.root) : dirs;
  const available = all.map((dir) => path.basename(dir)).join(', ') || 'none';
  if (dirs.length === 0)
    throw new InputError([
      fileProblem('no-decks', path.join(project.root, 'deck'), 'no deck folders found (a deck folder holds deck.yaml)'),
    ]);
  if (named && !(await exists(path.join(dirs[0]!, 'deck.yaml')))) {
    throw new InputError([
      fileProblem('deck-not-found', dirs[0]!, `--deck ${named}: no such deck (a deck folder holds deck.yaml); decks here: ${available}`),
    ]);
  }
  const loaded = await Promise.all(dirs.map(async (dir) => ({ dir, deck: (await loadDeck(dir, project)).deck })));
  const chosen = loaded.reduce((best, next) => ((next.deck?.cards.length ?? 0) > (best.deck?.cards.length ?? 0) ? next : best));
  return { dir: chosen.dir, sourceLanguage: chosen.deck?.meta.sourceLanguage };
}
