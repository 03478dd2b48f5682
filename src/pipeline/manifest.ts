import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { sha256 } from '../shared/hash.ts';
import { ptToMm } from '../deck/units.ts';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { PreflightReport } from '../preflight/preflight.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { buildDate } from '../print/pdf-output.ts';

export interface SheetSummary {
  profile: string;
  variant: string;
  file: string;
  sheets: number;
  cardsPerSheet: number;
  rotated: boolean;
  description: string;
}

export interface ManifestFile {
  file: string;
  label: string;
  bytes: number;
  sha256: string;
  pages?: number;
  pageSizeMm?: [number, number];
}

/** What the print shop reads first: counts, sizes, sheets, file hashes and the preflight verdict. */
export async function writeManifestData(options: {
  deck: LoadedDeck;
  language: string;
  outDir: string;
  geometry: FaceGeometry;
  files: string[];
  labels: (file: string) => string;
  sheets: SheetSummary[];
  shrunk: Array<{ face: string; scale: number }>;
  fallbacks: string[];
  preflight: PreflightReport[];
  /** A content hash per face (standard variant): what changed between two builds. */
  faceHashes: Array<{ face: string; hash: string }>;
}) {
  const { deck, geometry } = options;
  const mm = (pt: number) => Math.round(ptToMm(pt) * 100) / 100;
  const files: ManifestFile[] = [];
  for (const file of options.files) {
    const full = path.join(options.outDir, file);
    const bytes = await readFile(full);
    const entry: ManifestFile = { file, label: options.labels(file), bytes: (await stat(full)).size, sha256: sha256(bytes) };
    if (file.endsWith('.pdf')) {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const first = doc.getPage(0).getMediaBox();
      entry.pages = doc.getPageCount();
      entry.pageSizeMm = [mm(first.width), mm(first.height)];
    }
    files.push(entry);
  }
  const cards = deck.cards.map((card) => ({ id: card.id, category: card.category, template: card.template, count: card.count }));
  const locale = deck.locales.get(options.language)?.locale;
  return {
    deck: deck.meta.id,
    language: options.language,
    title: locale?.deck.title ?? deck.meta.id,
    languageName: locale?.language.name ?? options.language,
    direction: locale?.language.direction ?? 'ltr',
    downloadTitle: locale?.ui['download-title'] ?? 'Downloads',
    built: buildDate().toISOString(),
    trimMm: { width: mm(geometry.trimWidth), height: mm(geometry.trimHeight) },
    bleedMm: mm(geometry.bleed),
    safeZoneMm: mm(geometry.safe),
    cards: { distinct: cards.length, printed: cards.reduce((sum, card) => sum + card.count, 0), list: cards },
    faces: { perCard: 2, total: cards.length * 2, distinctBacks: new Set(cards.map((card) => card.category)).size },
    sheets: options.sheets,
    shrunkToFit: options.shrunk,
    fallbacks: options.fallbacks,
    faceHashes: options.faceHashes,
    preflight: options.preflight.map((report) => ({ file: path.basename(report.file), ok: report.ok, checks: report.checks })),
    files,
  };
}
