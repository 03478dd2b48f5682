import chokidar from 'chokidar';
import { createReadStream } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type ProjectPaths } from '../deck/load-deck.ts';
import { BuildError } from '../shared/errors.ts';
import { localeLanguages } from '../i18n/status.ts';
import { DevSession, type DevUpdate } from './dev-session.ts';

export interface DevServerOptions {
  root: string;
  deck?: string;
  language?: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  /** Resolves after each processed change, with how long the re-render took: for tests and the benchmark. */
  changes: EventTarget;
  close: () => Promise<void>;
}

/**
 * The designer's live preview: every face at true size, re-rendered on save and pushed to open
 * browsers with server-sent events (the browser's own EventSource, no client library). Errors
 * show as an overlay; the server keeps running.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const project = projectPaths(path.resolve(options.root));
  const { dir: deckDir, sourceLanguage } = await chooseDeck(project, options.deck);
  const languages = await localeLanguages(deckDir);
  const sessions = new Map<string, { session: DevSession; clients: Set<ServerResponse> }>();
  const changes = new EventTarget();

  async function sessionFor(language: string) {
    let entry = sessions.get(language);
    if (!entry) {
      if (!languages.includes(language)) throw new BuildError(`no locales/${language}.yaml in ${path.basename(deckDir)}; it has: ${languages.join(', ')}`);
      entry = { session: new DevSession(project, deckDir, language, () => languages), clients: new Set() };
      sessions.set(language, entry);
      await entry.session.refresh();
    }
    return entry;
  }

  const defaultLanguage = options.language ?? sourceLanguage ?? languages[0] ?? 'nl';
  await sessionFor(defaultLanguage);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const language = url.searchParams.get('lang') ?? defaultLanguage;
    const font = /^\/fonts\/(\d+)\.ttf$/.exec(url.pathname);
    if (font) {
      const file = BUNDLED_FONTS[Number(font[1])]?.file;
      if (!file) return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': 'font/ttf', 'Cache-Control': 'max-age=3600' });
      return void createReadStream(file).pipe(response);
    }
    if (url.pathname !== '/' && url.pathname !== '/events') return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    sessionFor(language).then(
      (entry) => {
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
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(entry.session.page());
      },
      (error: Error) => response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error.message),
    );
  });

  let pending: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = chokidar.watch([deckDir, project.templatesDir, project.pictosDir], { ignoreInitial: true, awaitWriteFinish: false });
  watcher.on('all', (_event, file) => {
    clearTimeout(pending);
    // Editors write a file in several steps; one render per burst of events.
    pending = setTimeout(() => {
      running = running.then(() => refreshAll(path.relative(project.root, file)));
    }, 25);
  });

  async function refreshAll(changed: string) {
    const started = performance.now();
    for (const [language, { session, clients }] of sessions) {
      const update = await session.refresh();
      broadcast(clients, update);
      const ms = Math.round(performance.now() - started);
      log(`${changed}: ${describe(update)} [${language}] in ${ms} ms`);
      changes.dispatchEvent(Object.assign(new Event('change'), { detail: { update, ms } }));
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 4321, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}/`,
    changes,
    close: async () => {
      clearTimeout(pending);
      await watcher.close();
      for (const { clients } of sessions.values()) for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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

/** The named deck, or the one with the most cards (the main deck of the project), and its source language. */
async function chooseDeck(project: ProjectPaths, named?: string): Promise<{ dir: string; sourceLanguage?: string }> {
  const dirs = await findDeckDirs(project.root, named ? [named] : []);
  if (dirs.length === 0) throw new BuildError('no deck folders found (a deck folder holds deck.yaml)');
  const loaded = await Promise.all(dirs.map(async (dir) => ({ dir, deck: (await loadDeck(dir, project)).deck })));
  const chosen = loaded.reduce((best, next) => ((next.deck?.cards.length ?? 0) > (best.deck?.cards.length ?? 0) ? next : best));
  return { dir: chosen.dir, sourceLanguage: chosen.deck?.meta.sourceLanguage };
}
