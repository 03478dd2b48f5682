import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_FONTS } from '../assets/fonts.ts';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { closeBrowser, findChromium, launchBrowser, type Browser } from './browser.ts';
import { printFaces, type PrintedFaces, type PrintRequest } from './print-faces.ts';
import { withContentSecurityPolicy } from '../shared/content-security-policy.ts';
import { printCacheKey, type PrintCache } from './print-cache.ts';
import { sha256 } from '../shared/hash.ts';
import { buildDate } from '../shared/build-date.ts';
import { codeOf } from '../shared/code-version.ts';

export type PrintSettings = Omit<PrintRequest, 'htmlFile' | 'allowedFiles'>;

/**
 * Prints HTML documents with one system Chromium (concurrent prints are pages of it), started only when a print is not in the cache,
 * relaunched and retried once if it crashes, and closed at the end whatever happened.
 */
export class Printer {
  printed = 0;
  reused = 0;
  private browser?: Promise<Browser>;
  private fontHashes?: string[];
  private browserIdentity?: string;
  private printCode?: Promise<string>;

  /** `browser`: one already starting, when the build knew early that it would print. */
  constructor(
    private readonly cache: PrintCache,
    browser?: Promise<Browser>,
  ) {
    this.browser = browser;
  }

  /** The cache key of a print: the document (with its security policy), the fonts, the settings and the browser. */
  async keyOf(template: string, settings: PrintSettings, deckFonts: string[] = []): Promise<string> {
    const html = withContentSecurityPolicy(template, { origin: 'file:' });
    const fontHashes = [...(await this.fonts()), ...(await Promise.all(deckFonts.map(async (file) => sha256(await readFile(file)))))];
    return printCacheKey({ html, fontHashes, settings, browserVersion: await this.identity(), printCode: await this.code() });
  }

  /** What besides the document changes a print: the bundled fonts, the browser build, and this code and the document date. */
  async environment(): Promise<{ fonts: string[]; browser: string; code: string }> {
    return { fonts: await this.fonts(), browser: await this.identity(), code: await this.code() };
  }

  /** `deckFonts`: the deck's own font files, which the page may load beside the bundled ones. */
  async print(slot: string, template: string, htmlFile: string, settings: PrintSettings, deckFonts: string[] = []): Promise<PrintedFaces> {
    const html = withContentSecurityPolicy(template, { origin: 'file:' });
    const key = await this.keyOf(template, settings, deckFonts);
    const cached = await this.cache.get(slot, key);
    if (cached) {
      this.reused++;
      return cached;
    }
    await mkdir(path.dirname(htmlFile), { recursive: true });
    await writeFile(htmlFile, html);
    const request: PrintRequest = { ...settings, htmlFile, allowedFiles: [...BUNDLED_FONTS.map((font) => font.file), ...deckFonts] };
    let printed: PrintedFaces;
    const browser = this.ensureBrowser();
    try {
      printed = await printFaces(await browser, request);
    } catch (error) {
      // A crashed or disconnected browser is worth one more try; a real problem in the input is not.
      if (error instanceof BuildError || error instanceof EnvironmentError) throw error;
      if (this.browser === browser) await this.close();
      printed = await printFaces(await this.ensureBrowser(), request);
    }
    this.printed++;
    await this.cache.put(slot, key, printed);
    return printed;
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    // A browser that never started (a broken binary) has nothing to close.
    const started = await browser?.catch(() => undefined);
    if (started) await closeBrowser(started);
  }

  /** One browser for all jobs: concurrent prints share it as pages, never start a second one. */
  private ensureBrowser(): Promise<Browser> {
    this.browser ??= launchBrowser();
    return this.browser;
  }

  private async fonts(): Promise<string[]> {
    this.fontHashes ??= await Promise.all(BUNDLED_FONTS.map(async (font) => sha256(await readFile(font.file))));
    return this.fontHashes;
  }

  /**
   * This module and all it runs (the fit pass in the page among it), and the date the prints carry:
   * a changed fit pass or print setting never reuses an old print.
   */
  private code(): Promise<string> {
    this.printCode ??= codeOf(import.meta.url).then((code) => `${code} ${buildDate().toISOString()}`);
    return this.printCode;
  }

  /** Which Chromium prints: its binary's path, size and date change with every upgrade. */
  private async identity(): Promise<string> {
    if (!this.browserIdentity) {
      const executable = findChromium();
      const info = await stat(executable);
      this.browserIdentity = `${executable}:${info.size}:${info.mtimeMs}`;
    }
    return this.browserIdentity;
  }
}
