import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream, type PDFPage } from 'pdf-lib';
import { readFile } from 'node:fs/promises';

const exec = promisify(execFile);

/** Runs a command-line PDF tool (pdffonts, pdftotext, qpdf) and returns what it printed. */
export async function tool(command: string, args: string[]): Promise<string> {
  const { stdout } = await exec(command, args, { maxBuffer: 1 << 26 });
  return stdout;
}

export async function openPdf(file: string): Promise<PDFDocument> {
  return PDFDocument.load(await readFile(file), { updateMetadata: false });
}

export interface Boxes {
  media: number[];
  bleed: number[];
  trim: number[];
}

/** A page's boxes as [x, y, width, height] in points. */
export function boxesOf(page: PDFPage): Boxes {
  const list = (box: { x: number; y: number; width: number; height: number }) => [box.x, box.y, box.width, box.height];
  return { media: list(page.getMediaBox()), bleed: list(page.getBleedBox()), trim: list(page.getTrimBox()) };
}

/** Within 1/100 pt: finer than any press registers. */
export function expectPt(actual: number | undefined, expected: number, what: string): void {
  if (actual === undefined || Math.abs(actual - expected) > 0.01) {
    throw new Error(`${what}: ${actual} pt is not ${expected.toFixed(3)} pt (±0.01)`);
  }
}

/** Font names and whether each is embedded, from pdffonts. */
export async function fontsOf(file: string): Promise<Array<{ name: string; embedded: boolean }>> {
  const lines = (await tool('pdffonts', [file])).trim().split('\n').slice(2);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    return { name: columns[0]!, embedded: columns.at(-5) === 'yes' };
  });
}

/** How often each fill colour is in effect where a text block starts, over pages and forms. */
export async function textFillColours(file: string): Promise<Map<string, number>> {
  const doc = await openPdf(file);
  const colours = new Map<string, number>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.has(PDFName.of('Length1'))) continue;
    const subtype = object.dict.get(PDFName.of('Subtype'));
    if (subtype && String(subtype) !== '/Form') continue;
    let text: string;
    try {
      text = new TextDecoder('latin1').decode(decodePDFRawStream(object).decode());
    } catch {
      continue;
    }
    let fill = 'none';
    for (const match of text.matchAll(/((?:[\d.]+\s+){1,4})(g|k|rg)\b|\bBT\b/g)) {
      if (match[0] === 'BT') colours.set(fill, (colours.get(fill) ?? 0) + 1);
      else fill = `${match[1]!.trim()} ${match[2]}`;
    }
  }
  return colours;
}

/**
 * Ghostscript's own PDF/X checks: the file re-read and re-written as PDF/X, stopping on PDF errors
 * and on anything PDF/X does not permit. Returns what Ghostscript complained of (nothing for a good
 * file); a failed run is a complaint too.
 */
export async function ghostscriptPdfxComplaints(file: string): Promise<string[]> {
  const args = [
    '-dBATCH',
    '-dNOPAUSE',
    '-dSAFER',
    '-dPDFSTOPONERROR',
    '-sDEVICE=pdfwrite',
    '-dPDFX',
    '-dPDFACompatibilityPolicy=2',
    '-sColorConversionStrategy=CMYK',
    '-sProcessColorModel=DeviceCMYK',
    '-o',
    '/dev/null',
    file,
  ];
  const said = await exec('gs', args, { maxBuffer: 1 << 24 }).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (error: { stdout?: string; stderr?: string; code?: number }) => `${error.stdout ?? ''}${error.stderr ?? ''}\nexit code ${error.code}`,
  );
  const banner = /^(GPL Ghostscript|Copyright|This software is supplied|see the file COPYING|Processing pages|Page \d+)/;
  return said
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !banner.test(line));
}
