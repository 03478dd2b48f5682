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
  /** What a print shop needs to run this file, in one place (schema/manifest.schema.json; docs/print-shop.md explains each field). */
  ticket: JobTicket;
}

/** The job ticket of one sheet file: product, imposition, colour, finishing and page order. */
export interface JobTicket {
  product: {
    cardMm: { width: number; height: number };
    sheetMm: { width: number; height: number };
    /** Cards in one set of the deck (every card as many times as it is counted). */
    cardsPerSet: number;
    /** Cards one full printed sheet holds (work-and-turn: both halves); the last sheet may hold fewer. */
    cardsPerSheet: number;
    /** Printed sheets in the file. */
    sheetsInFile: number;
    /** Sets the file yields with each sheet printed once: 2 for work-and-turn, else 1. */
    setsInFile: number;
    /** setsInFile / sheetsInFile. */
    setsPerSheet: number;
    /** sheetsInFile / setsInFile. */
    sheetsPerSet: number;
  };
  imposition: {
    /** single-sided: one page per sheet, one side (a die file). */
    method: 'sheetwise' | 'work-and-turn' | 'fold-over' | 'single-sided';
    /** Duplex: the edge the sheet turns over between its sides. */
    turnEdge?: 'long-edge' | 'short-edge';
    /** Press sheets: the edge the press holds and the depth kept free there. */
    gripper?: { edge: 'top' | 'bottom' | 'left' | 'right'; depthMm: number };
  };
  colour: {
    /** spot: a die file, its lines in the one spot colour CutContour and no ink. */
    model: 'RGB' | 'CMYK' | 'spot';
    /** CMYK files: the PDF/X the file conforms to. */
    pdfx?: string;
    /** CMYK files: the output intent: the registry name of the printing condition and the profile's own description. */
    outputIntent?: { identifier: string; condition: string; profile: string };
    /** Total area coverage the press takes, percent: what preflight holds the CMYK file to; none for a die file. */
    inkLimitPercent?: number;
  };
  finishing: {
    /**
     * How the cards are cut apart: along crop marks (guillotine), along printed cut lines (scissors,
     * school), or along the CutContour line the file carries on its fronts (a print-and-cut file);
     * `die` for the die file itself.
     */
    cut: 'crop-marks' | 'cut-lines' | 'cut-contour' | 'die';
    /** Corner radius of the cut card; 0 for square corners. */
    cornerRadiusMm: number;
    /** The die file that holds the cut contour (CutContour), when the cards have round corners. */
    dieFile?: string;
    /** The print-and-cut file: these sheets with the cut contour over every fronts page, for a cutter that reads it from the print file. */
    printAndCutFile?: string;
  };
  /** Each page of the file, in order: which sheet and which side it prints. */
  pageOrder: string[];
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
  /** Translations printed although unfinished or stale (built with --allow-unfinished): key, state, file:line. */
  unfinished?: Array<{ key: string; state: string; at: string }>;
  /** A content hash per face (standard variant): what changed between two builds. */
  faceHashes: Array<{ face: string; hash: string }>;
  preflight: Array<{ file: string; ok: boolean; checks: PreflightCheck[] }>;
  files: ManifestFile[];
}

/**
 * How every file a shop may receive from a set begins: its deck and language, so the files of two
 * decks or two languages can share a shop's flat hot folder without one replacing the other.
 */
export function shopFilePrefix(deck: string, language: string): string {
  return `${deck}-${language}-`;
}

/** A set's cards.pdf as its manifest lists it: named by deck and language, or plain `cards.pdf` in a build made before they were. */
export function cardsFileOf(manifest: Manifest): string {
  const named = `${shopFilePrefix(manifest.deck, manifest.language)}cards.pdf`;
  return manifest.files.some((entry) => entry.file === named) ? named : 'cards.pdf';
}
