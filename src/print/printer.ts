import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { closeBrowser, findChromium, launchBrowser, type Browser } from './browser.ts';
import { printFaces, printTimeLimitMs, type PrintedFaces, type PrintRequest } from './print-faces.ts';
import { withContentSecurityPolicy } from '../shared/content-security-policy.ts';
import { buildDate } from '../shared/build-date.ts';
import { codeOf } from '../shared/code-version.ts';
import { sha256 } from '../shared/hash.ts';
import { stageKey, type StageStore } from '../shared/stage-store.ts';

export type PrintSettings = Omit<PrintRequest, 'htmlFile' | 'allowedFiles'>;

/** What every view of one printer shares: one browser, and what is known of the fonts and the browser. */
interface Session {
  browser?: Promise<Browser>;
  fonts: Map<string, Promise<string>>;
  identity?: Promise<string>;
  code?: Promise<string>;
}

/**
 * Prints HTML documents with one system Chromium (concurrent prints are pages of it), started only
 * when a print is not in the store, relaunched and retried once if it crashes, and closed at the end
 * whatever happened. Each print is a stage of the store (`print`), keyed by the document, the
 * fonts, the settings, the browser build, the code this module runs (the fit pass in the page among
 * it) and the document date.
 */
export class Printer {
  private readonly session: Session;

  /**
   * `store`: where prints are kept (none: every document is printed); `browser`: one already
   * starting, when the build knew early that it would print.
   */
  constructor(
    private readonly store?: StageStore,
    browser?: Promise<Browser>,
    session?: Session,
  ) {
    this.session = session ?? { browser, fonts: new Map() };
  }

  /** The same printer (browser and all), keeping its prints through `store`: a set's view, or an entry's. */
  using(store: StageStore): Printer {
    return new Printer(store, undefined, this.session);
  }

  /** The store key of a print: the document (with its security policy), the fonts, the settings, the browser and this code. */
  async keyOf(template: string, settings: PrintSettings, deckFonts: string[] = []): Promise<string> {
    const html = withContentSecurityPolicy(template, { origin: 'file:' });
    const { fonts, browser, code } = await this.environment(deckFonts);
    return stageKey('print', code, html, fonts, settings, browser);
  }

  /** What besides the document changes a print: the fonts (bundled and the deck's), the browser build, and this code and the document date. */
  async environment(deckFonts: string[] = []): Promise<{ fonts: string[]; browser: string; code: string }> {
    const [fonts, browser, code] = await Promise.all([
      Promise.all([...BUNDLED_FONTS.map((font) => font.file), ...deckFonts].map((file) => this.fontHash(file))),
      this.identity(),
      this.code(),
    ]);
    return { fonts, browser, code };
  }

  /**
   * `deckFonts`: the deck's own font files, which the page may load beside the bundled ones.
   * `key`: the print's key, when the caller has it already (keyOf).
   */
  async print(template: string, htmlFile: string, settings: PrintSettings, deckFonts: string[] = [], key?: string): Promise<PrintedFaces> {
    const make = async () => {
      const html = withContentSecurityPolicy(template, { origin: 'file:' });
      await mkdir(path.dirname(htmlFile), { recursive: true });
      await writeFile(htmlFile, html);
      const faces = template.match(/<section class="face /g)?.length ?? 1;
      const request: PrintRequest = {
        timeoutMs: printTimeLimitMs(faces),
        ...settings,
        htmlFile,
        allowedFiles: [...BUNDLED_FONTS.map((font) => font.file), ...deckFonts],
      };
      const browser = this.ensureBrowser();
      try {
        return await printFaces(await browser, request);
      } catch (error) {
        // A crashed or disconnected browser is worth one more try; a real problem in the input is not.
        if (error instanceof BuildError || error instanceof EnvironmentError) throw error;
        if (this.session.browser === browser) await this.close();
        return printFaces(await this.ensureBrowser(), request);
      }
    };
    if (!this.store) return make();
    const { result, files } = await this.store.run('print', key ?? (await this.keyOf(template, settings, deckFonts)), async () => {
      const { pdf, fit, measured } = await make();
      return { result: { fit, measured }, files: { 'print.pdf': pdf } };
    });
    return { pdf: files['print.pdf']!, ...result };
  }

  async close(): Promise<void> {
    const browser = this.session.browser;
    this.session.browser = undefined;
    // A browser that never started (a broken binary) has nothing to close.
    const started = await browser?.catch(() => undefined);
    if (started) await closeBrowser(started);
  }

  /** One browser for all jobs: concurrent prints share it as pages, never start a second one. */
  private ensureBrowser(): Promise<Browser> {
    this.session.browser ??= launchBrowser();
    return this.session.browser;
  }

  /** Each font file hashed once per printer, however many documents load it. */
  private fontHash(file: string): Promise<string> {
    let hash = this.session.fonts.get(file);
    if (!hash) this.session.fonts.set(file, (hash = readFile(file).then(sha256)));
    return hash;
  }

  /** This module and all it runs (the fit pass in the page among it), and the date the prints carry. */
  private code(): Promise<string> {
    this.session.code ??= codeOf(import.meta.url).then((code) => `${code} ${buildDate().toISOString()}`);
    return this.session.code;
  }

  /** Which Chromium prints: its binary's path, size and date change with every upgrade. */
  private identity(): Promise<string> {
    this.session.identity ??= (async () => {
      const executable = findChromium();
      const info = await stat(executable);
      return `${executable}:${info.size}:${info.mtimeMs}`;
    })();
    return this.session.identity;
  }
}
