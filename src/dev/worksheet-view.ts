import chokidar, { type FSWatcher } from 'chokidar';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, type ProjectPaths } from '../deck/load-deck.ts';
import { renderWorksheet } from '../forms/render-worksheet.ts';
import { withContentSecurityPolicy } from '../shared/content-security-policy.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { formatProblem, InputError } from '../shared/errors.ts';
import { localeLanguages } from '../i18n/status.ts';

/** The worksheet page's one script: it reloads when the server reports a change. */
const RELOAD_SCRIPT = "new EventSource('/worksheet/events').addEventListener('reload', () => location.reload());";

/*
 * Shown over the worksheet in dev: each field's box outlined with its name (and radio value), so
 * a designer sees exactly where the build will put the form fields. The page reloads itself
 * when the server reports a change to any deck, template, stylesheet or locale file.
 */
const FIELD_GUIDES = `<style>
html { background: #d9d6cf; }
body { padding: 12mm 0; }
.page { margin: 0 auto 10mm; background: #fff; box-shadow: 0 0.4mm 1.6mm rgba(0, 0, 0, 0.28); }
[data-field] { outline: 0.35mm dashed #c0392b; outline-offset: 0; position: relative; }
[data-field]::after { content: attr(data-field) " " attr(data-value); position: absolute; left: 0; top: 0; transform: translateY(-100%);
  font: 600 6.5pt/1.2 monospace; color: #c0392b; background: rgba(255, 255, 255, 0.85); white-space: nowrap; pointer-events: none; }
#kaartenset-overlay { position: fixed; inset: 10mm; padding: 6mm; background: #fff4f2; border: 0.6mm solid #c0392b; font: 11pt/1.4 monospace; white-space: pre-wrap; overflow: auto; }
</style>
<script>${RELOAD_SCRIPT}</script>`;

/** The dev server's worksheet page (/worksheet?deck=<id>&lang=<code>) and its reload channel. */
export class WorksheetView {
  private readonly clients = new Set<ServerResponse>();
  private readonly watcher: FSWatcher;
  private pending?: NodeJS.Timeout;

  constructor(
    private readonly project: ProjectPaths,
    private readonly defaultDeckDir: string,
    /** How the page reaches a font file: the dev server's font route. */
    private readonly fontUrl: (file: string) => string,
  ) {
    // Every deck's folder (its deck.yaml and locales), the templates with their CSS, the pictos.
    this.watcher = chokidar.watch([path.dirname(defaultDeckDir), project.templatesDir, project.pictosDir], { ignoreInitial: true });
    this.watcher.on('all', () => {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.changed(), 25);
    });
  }

  handles(pathname: string): boolean {
    return pathname === '/worksheet' || pathname === '/worksheet/events';
  }

  handle(url: URL, request: IncomingMessage, response: ServerResponse, defaultLanguage: string): void {
    if (url.pathname === '/worksheet/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      response.write('retry: 500\n\n');
      this.clients.add(response);
      request.on('close', () => this.clients.delete(response));
      return;
    }
    this.page(url.searchParams.get('deck'), url.searchParams.get('lang') ?? defaultLanguage).then(
      ({ status, html }) =>
        response
          .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
          .end(withContentSecurityPolicy(html, { origin: "'self'", scripts: [RELOAD_SCRIPT] })),
      (error: Error) => response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(error.message),
    );
  }

  /** A watched file changed: every open worksheet page reloads (a render takes milliseconds). */
  private changed(): void {
    for (const client of this.clients) client.write('event: reload\ndata: {}\n\n');
  }

  async close(): Promise<void> {
    clearTimeout(this.pending);
    await this.watcher.close();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private async page(deckId: string | null, language: string): Promise<{ status: number; html: string }> {
    const deckDir = deckId ? (await findDeckDirs(this.project.root, [])).find((dir) => path.basename(dir) === deckId) : this.defaultDeckDir;
    if (!deckDir) return this.problemPage(404, `no deck "${deckId}" in this project`);
    // Only a language the deck has a locale file for: the name never becomes a path of its own.
    const languages = await localeLanguages(deckDir);
    if (!languages.includes(language))
      return this.problemPage(404, `no locales/${language}.yaml in deck ${path.basename(deckDir)}; it has: ${languages.join(', ')}`);
    const result = await loadDeck(deckDir, this.project, { extraLanguages: [language], allowMissing: true });
    if (!result.deck)
      return this.problemPage(
        200,
        result.problems
          .filter((p) => p.severity === 'error')
          .map((p) => formatProblem(p, this.project.root))
          .join('\n'),
      );
    if (!result.deck.meta.worksheet) return this.problemPage(404, `deck "${result.deck.meta.id}" has no worksheet section in deck.yaml`);
    try {
      return { status: 200, html: await renderWorksheet(this.project, result.deck, language, this.fontUrl, FIELD_GUIDES) };
    } catch (error) {
      if (error instanceof InputError)
        return this.problemPage(200, error.problems.map((p) => formatProblem(p, this.project.root)).join('\n'));
      return this.problemPage(200, (error as Error).message);
    }
  }

  private problemPage(status: number, message: string): { status: number; html: string } {
    return {
      status,
      html: `<!doctype html><html><head><meta charset="utf-8"><title>kaartenset: worksheet</title>${FIELD_GUIDES}</head><body><div id="kaartenset-overlay">${escapeHtml(message)}</div></body></html>`,
    };
  }
}
