import { ptToMm } from '../deck/units.ts';
import type { PreflightCheck, PreflightReport } from '../preflight/preflight.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { buildDate } from '../shared/build-date.ts';
import { sha256 } from '../shared/hash.ts';
import { listedFiles, type SetPlan } from './plan.ts';
import type { SheetSummary } from './stages.ts';

export type { SheetSummary } from './stages.ts';

export interface ManifestFile {
  file: string;
  label: string;
  bytes: number;
  sha256: string;
  pages?: number;
  pageSizeMm?: [number, number];
}

/** manifest.json, the one type for it: what the build writes and what the index page and the next build read. */
export interface Manifest {
  deck: string;
  language: string;
  title: string;
  languageName: string;
  direction: 'ltr' | 'rtl';
  downloadTitle: string;
  built: string;
  trimMm: { width: number; height: number };
  bleedMm: number;
  safeZoneMm: number;
  cards: { distinct: number; printed: number; list: Array<{ id: string; category: string; template: string; count: number }> };
  faces: { perCard: number; total: number; distinctBacks: number };
  sheets: SheetSummary[];
  shrunkToFit: Array<{ face: string; scale: number }>;
  fallbacks: string[];
  /** A content hash per face (standard variant): what changed between two builds. */
  faceHashes: Array<{ face: string; hash: string }>;
  preflight: Array<{ file: string; ok: boolean; checks: PreflightCheck[] }>;
  files: ManifestFile[];
}

/** What the print shop reads first: counts, sizes, sheets, file hashes and the preflight verdict; built in memory. */
export async function buildManifest(options: {
  plan: SetPlan;
  geometry: FaceGeometry;
  /** The bytes of every planned file. */
  contents: Map<string, Uint8Array>;
  pdfFacts: (file: string, pdf: Uint8Array) => Promise<{ pages: number; pageSizeMm: [number, number] }>;
  sheets: SheetSummary[];
  shrunk: Array<{ face: string; scale: number }>;
  preflight: PreflightReport[];
  faceHashes: Array<{ face: string; hash: string }>;
}): Promise<Manifest> {
  const { plan, geometry } = options;
  const mm = (pt: number) => Math.round(ptToMm(pt) * 100) / 100;
  const files: ManifestFile[] = [];
  for (const { file, label } of listedFiles(plan)) {
    const bytes = options.contents.get(file)!;
    const entry: ManifestFile = { file, label, bytes: bytes.byteLength, sha256: sha256(bytes) };
    if (file.endsWith('.pdf')) Object.assign(entry, await options.pdfFacts(file, bytes));
    files.push(entry);
  }
  const cards = plan.deck.cards.map((card) => ({ id: card.id, category: card.category, template: card.template, count: card.count }));
  const locale = plan.locale;
  return {
    deck: plan.deck.meta.id,
    language: plan.language,
    title: plan.title,
    languageName: locale.language.name ?? plan.language,
    direction: locale.language.direction ?? 'ltr',
    downloadTitle: locale.ui['download-title'] ?? 'Downloads',
    built: buildDate().toISOString(),
    trimMm: { width: mm(geometry.trimWidth), height: mm(geometry.trimHeight) },
    bleedMm: mm(geometry.bleed),
    safeZoneMm: mm(geometry.safe),
    cards: { distinct: cards.length, printed: cards.reduce((sum, card) => sum + card.count, 0), list: cards },
    faces: { perCard: 2, total: cards.length * 2, distinctBacks: new Set(cards.map((card) => card.category)).size },
    sheets: options.sheets,
    shrunkToFit: options.shrunk,
    fallbacks: plan.fallbacks,
    faceHashes: options.faceHashes,
    preflight: options.preflight.map((report) => ({ file: report.file, ok: report.ok, checks: report.checks })),
    files,
  };
}

