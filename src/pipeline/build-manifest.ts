import { ptToMm } from '../deck/units.ts';
import type { PreflightReport } from '../preflight/preflight.ts';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import { buildDate } from '../shared/build-date.ts';
import { contentHash } from '../shared/content-hash.ts';
import { listedFiles, type SetPlan } from './plan.ts';
import type { Manifest, ManifestFile, SheetSummary } from '../output/manifest.ts';

/** What the print shop reads first: counts, sizes, sheets, file hashes and the preflight verdict; built in memory. */
export async function buildManifest(options: {
  plan: SetPlan;
  geometry: FaceGeometry;
  /** The bytes of every planned file. */
  contents: Map<string, Uint8Array>;
  pdfFacts: (pdf: Uint8Array) => Promise<{ pages: number; pageSizeMm: [number, number] }>;
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
    const entry: ManifestFile = { file, label, bytes: bytes.byteLength, sha256: contentHash(bytes) };
    if (file.endsWith('.pdf')) Object.assign(entry, await options.pdfFacts(bytes));
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
    unfinished: plan.unfinished,
    faceHashes: options.faceHashes,
    preflight: options.preflight.map((report) => ({ file: report.file, ok: report.ok, checks: report.checks })),
    files,
  };
}
