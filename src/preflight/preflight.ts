import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import { ptToMm } from '../deck/units.ts';
import { contains, intersects, type Rect } from '../deck/rect.ts';
import { allLineWidths, readPageDrawing } from '../pdf/content-ops.ts';

const run = promisify(execFile);

export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PreflightReport {
  file: string;
  pages: number;
  ok: boolean;
  checks: PreflightCheck[];
}

export interface PreflightOptions {
  /** The least bleed every page must carry beyond its trim (pt); 3 mm by default. */
  minBleed?: number;
  minImagePpi?: number;
  minLineWidth?: number;
  /** A fold-over sheet prints on one side: its page count need not pair up. */
  singleSided?: boolean;
}

const MM = 72 / 25.4;

/** What a print shop's preflight looks at, on a finished PDF. */
export async function preflightFile(file: string, options: PreflightOptions = {}): Promise<PreflightReport> {
  const minBleed = options.minBleed ?? 3 * MM;
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const pages = doc.getPages();
  const checks = [
    checkBoxes(pages, minBleed),
    checkFonts(doc),
    await checkImages(file, options.minImagePpi ?? 300),
    checkLineWidths(doc, options.minLineWidth ?? 0.25),
    checkMarksOutsideBleed(pages),
    options.singleSided
      ? { name: 'duplex', ok: true, detail: `${pages.length} pages, printed single-sided` }
      : {
      name: 'duplex',
      ok: pages.length % 2 === 0,
      detail: pages.length % 2 === 0 ? `${pages.length} pages: an even count, fronts and backs pair up` : `${pages.length} pages: an odd count cannot print double-sided`,
    },
  ];
  return { file, pages: pages.length, ok: checks.every((check) => check.ok), checks };
}

function explicitBox(page: PDFPage, name: string): Rect | undefined {
  const box = page.node.lookupMaybe(PDFName.of(name), PDFArray);
  if (!box) return undefined;
  const [x1, y1, x2, y2] = box.asArray().map((item) => Number(item.toString()));
  return { x: Math.min(x1!, x2!), y: Math.min(y1!, y2!), width: Math.abs(x2! - x1!), height: Math.abs(y2! - y1!) };
}

function checkBoxes(pages: PDFPage[], minBleed: number): PreflightCheck {
  const problems: string[] = [];
  let least = Infinity;
  pages.forEach((page, index) => {
    const media = page.getMediaBox();
    const trim = explicitBox(page, 'TrimBox');
    const bleed = explicitBox(page, 'BleedBox');
    const where = `page ${index + 1}`;
    if (!trim || !bleed) {
      problems.push(`${where}: ${!trim ? 'TrimBox' : 'BleedBox'} missing`);
      return;
    }
    if (!contains(bleed, trim) || !contains(media, bleed)) problems.push(`${where}: boxes not nested (Trim inside Bleed inside Media)`);
    const sides = [trim.x - bleed.x, trim.y - bleed.y, bleed.x + bleed.width - trim.x - trim.width, bleed.y + bleed.height - trim.y - trim.height];
    least = Math.min(least, ...sides);
    if (Math.min(...sides) < minBleed - 0.01) problems.push(`${where}: bleed ${ptToMm(Math.min(...sides)).toFixed(2)} mm, less than ${ptToMm(minBleed).toFixed(2)} mm`);
  });
  const summary = problems.length === 0 ? `TrimBox and BleedBox on every page, nested; bleed ${ptToMm(least).toFixed(2)} mm (${least.toFixed(2)} pt) a side` : problems.slice(0, 5).join('; ');
  return { name: 'boxes', ok: problems.length === 0, detail: summary };
}

function checkFonts(doc: PDFDocument): PreflightCheck {
  const context = doc.context;
  const missing: string[] = [];
  let count = 0;
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Type'), PDFName)?.asString() !== '/Font') continue;
    const subtype = object.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
    if (subtype === '/Type0' || subtype === '/Type3') continue;
    count++;
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    if (!embedded) missing.push(object.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.asString().slice(1) ?? 'unnamed');
  }
  return {
    name: 'fonts',
    ok: missing.length === 0,
    detail: missing.length === 0 ? `${count} font(s), all embedded` : `not embedded: ${[...new Set(missing)].join(', ')}`,
  };
}

async function checkImages(file: string, minPpi: number): Promise<PreflightCheck> {
  let listing: string;
  try {
    listing = (await run('pdfimages', ['-list', file], { maxBuffer: 1 << 24 })).stdout;
  } catch {
    return { name: 'images', ok: true, detail: 'not checked: pdfimages (poppler-utils) is not installed' };
  }
  const rows = listing.trim().split('\n').slice(2).map((line) => line.trim().split(/\s+/));
  if (rows.length === 0) return { name: 'images', ok: true, detail: 'no raster images: all artwork is vector' };
  const low = rows.filter((row) => Math.min(Number(row[12]), Number(row[13])) < minPpi);
  const least = Math.min(...rows.map((row) => Math.min(Number(row[12]), Number(row[13]))));
  return {
    name: 'images',
    ok: low.length === 0,
    detail: low.length === 0 ? `${rows.length} image(s), lowest ${least} ppi` : `${low.length} image(s) under ${minPpi} ppi, lowest ${least} ppi (page ${low[0]![0]})`,
  };
}

function checkLineWidths(doc: PDFDocument, minWidth: number): PreflightCheck {
  const widths = allLineWidths(doc).filter((width) => width > 0);
  const thin = widths.filter((width) => width < minWidth - 0.001);
  const least = widths.length ? Math.min(...widths) : undefined;
  return {
    name: 'hairlines',
    ok: thin.length === 0,
    detail: least === undefined ? 'no stroked lines' : thin.length === 0 ? `thinnest line ${least.toFixed(2)} pt` : `${thin.length} line(s) thinner than ${minWidth} pt (thinnest ${least!.toFixed(3)} pt)`,
  };
}

/** On imposed sheets, nothing but the card artwork may be drawn inside any card's bleed. */
function checkMarksOutsideBleed(pages: PDFPage[]): PreflightCheck {
  const intrusions: string[] = [];
  let placed = 0;
  pages.forEach((page, index) => {
    const media = page.getMediaBox();
    const bleed = explicitBox(page, 'BleedBox');
    // A page that is one face (MediaBox = BleedBox) is artwork only; marks exist on imposed sheets.
    if (!bleed || contains(bleed, media)) return;
    const drawing = readPageDrawing(page);
    placed += drawing.placements.length;
    for (const segment of drawing.segments) {
      const line = { x: Math.min(segment.x1, segment.x2), y: Math.min(segment.y1, segment.y2), width: Math.abs(segment.x2 - segment.x1), height: Math.abs(segment.y2 - segment.y1) };
      if (drawing.placements.some((placement) => intersects(placement.rect, line))) intrusions.push(`page ${index + 1}`);
    }
  });
  if (placed === 0) return { name: 'bleed clear', ok: true, detail: 'no imposed sheets: every page is one face' };
  return {
    name: 'bleed clear',
    ok: intrusions.length === 0,
    detail: intrusions.length === 0 ? `${placed} placed faces; no mark or line enters a card's bleed` : `marks inside a card's bleed on ${[...new Set(intrusions)].join(', ')}`,
  };
}

export function formatReports(reports: PreflightReport[], cwd = process.cwd()): string {
  return reports
    .map((report) => {
      const head = `${report.ok ? 'PASS' : 'FAIL'}  ${path.relative(cwd, report.file) || report.file} (${report.pages} pages)`;
      const lines = report.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(11)} ${check.detail}`);
      return [head, ...lines].join('\n');
    })
    .join('\n');
}

