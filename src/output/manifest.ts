import type { PreflightCheck } from '../preflight/preflight.ts';

export interface SheetSummary {
  profile: string;
  variant: string;
  file: string;
  sheets: number;
  /** Cards that come off one printed sheet (work-and-turn: each card on the plate twice). */
  cardsPerSheet: number;
  /** How the sheet is printed: sheetwise (a fronts page and a backs page per sheet), work-and-turn (one page, printed on both sides), fold-over (one side). */
  imposition: 'sheetwise' | 'work-and-turn' | 'fold-over';
  rotated: boolean;
  description: string;
  /** Duplex sheets: the edge the sheet turns over between its sides. */
  turnEdge?: 'long-edge' | 'short-edge';
  /** Duplex sheets: the back offset the profile declares (a printer's measured drift; 0 on a press), right and up positive. */
  backOffsetMm?: { x: number; y: number };
}

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
