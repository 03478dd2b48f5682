import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDate } from '../shared/build-date.ts';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { browserScript } from './browser-script.ts';
import { type Browser, within } from './browser.ts';
import type { FitResult } from '../fit/fit-result.ts';

export const FIT_SCRIPT = browserScript(new URL('./fit-faces.browser.js', import.meta.url));

export interface PrintRequest {
  /** The HTML document, already written to disk: fonts load reliably only from a file page. */
  htmlFile: string;
  /** Local files the page may load; every other request is blocked and fails the build. */
  allowedFiles: string[];
  minFontPt: number;
  bleedPt: number;
  safePt: number;
  /** How long each step in Chromium (load, fit, print) may take; by default scaled to the faces (printTimeLimitMs). */
  timeoutMs?: number;
  /** A further in-page script whose result comes back as `measured` (the worksheet's field boxes). */
  measureScript?: string;
  /** A structure tree for screen readers: for a document read as printed (the worksheet), not for faces that are cut apart. */
  tagged?: boolean;
}

export interface PrintedFaces {
  pdf: Uint8Array;
  fit: FitResult;
  measured?: unknown;
}

/**
 * How long Chromium may take over each step of printing `faces` faces: 90 s and a quarter of a
 * second a face on top (a 300-face chunk prints in well under a minute on two cores).
 */
export function printTimeLimitMs(faces: number): number {
  return 90_000 + faces * 250;
}

/** Prints one document of faces in one page.pdf, after fitting its text in the real print layout. */
export async function printFaces(browser: Browser, request: PrintRequest): Promise<PrintedFaces> {
  const timeout = request.timeoutMs ?? printTimeLimitMs(1);
  const page = await browser.newPage();
  try {
    const allowed = new Set([request.htmlFile, ...request.allowedFiles].map((file) => pathToFileURL(file).href));
    const blocked: string[] = [];
    page.on('request', (req) => {
      const url = req.url();
      if (allowed.has(url) || url.startsWith('data:')) void req.continue();
      else {
        blocked.push(url);
        void req.abort('blockedbyclient');
      }
    });
    // Three round trips to Chromium, all done before the document loads; sent at once.
    await Promise.all([
      page.setRequestInterception(true),
      // Added before the document's own scripts: the policy's refusals are read back after the print.
      page.evaluateOnNewDocument(
        `window.__refused = []; document.addEventListener('securitypolicyviolation', (e) => window.__refused.push(e.blockedURI === 'inline' ? 'an inline ' + e.effectiveDirective.replace(/-src(-elem|-attr)?$/, '') : e.blockedURI));`,
      ),
      page.emulateMediaType('print'),
    ]);
    await page.goto(pathToFileURL(request.htmlFile).href, { waitUntil: 'load', timeout });
    const fit = (await page.evaluate(
      `(${FIT_SCRIPT})(${JSON.stringify({ minFontPt: request.minFontPt, bleedPt: request.bleedPt, safePt: request.safePt, final: true })})`,
    )) as FitResult;
    const measured = request.measureScript ? await page.evaluate(`(${request.measureScript})()`) : undefined;
    if (fit.fontErrors.length > 0) {
      throw new BuildError(`fonts failed to load: ${fit.fontErrors.join(', ')}; reinstall the font packages (npm ci)`);
    }
    // Faces stay untagged: the structure tree would point at pages that splitting and imposing take apart.
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: request.tagged ?? false,
      outline: false,
      timeout,
    });
    blocked.push(...((await page.evaluate('window.__refused')) as string[]));
    if (blocked.length > 0) {
      throw new BuildError(
        `blocked ${blocked.length} request(s) or inline code from the templates or pictos: ${[...new Set(blocked)].slice(0, 5).join(', ')}; templates and pictos may only use bundled fonts and inline drawings, and run no script`,
      );
    }
    return { pdf: withBuildDate(pdf), fit, measured };
  } catch (error) {
    // By name, not class: importing puppeteer's classes would load puppeteer with the printer module.
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new EnvironmentError(
        `Chromium did not finish printing ${path.basename(request.htmlFile)} within ${Math.round(timeout / 1000)} s (${error.message.split('\n')[0]}); a face may draw something too heavy to print (a picto with very many shapes or filters, a large image), or the machine is overloaded: simplify that picto or template, use a smaller --chunk-size, or try again`,
        { code: 'time-limit' },
      );
    }
    throw error;
  } finally {
    // A renderer busy with a face too heavy to print may take minutes to close its page: the print
    // has failed by then, and the browser's own end stops what is left of it.
    await within(
      PAGE_CLOSE_WAIT_MS,
      page.close().catch(() => undefined),
    );
  }
}

/** How long a page is given to close after its print (milliseconds, whether it printed or not). */
const PAGE_CLOSE_WAIT_MS = 10_000;

/**
 * Chromium dates each print with the time it was made; the print page's kits embed the prints as
 * they are, so two builds of the same input would differ. The dates are set to the build's date,
 * digit for digit in place: the same length keeps every offset of the file.
 */
export function withBuildDate(pdf: Uint8Array): Uint8Array {
  const digits = buildDate().toISOString().replace(/\D/g, '').slice(0, 14);
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const dated = text.replace(/(\/(?:CreationDate|ModDate)\s*\(D:)\d{14}/g, `$1${digits}`);
  return dated === text ? pdf : new Uint8Array(Buffer.from(dated, 'latin1'));
}
