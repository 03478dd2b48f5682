/**
 * How a file is printed, in JDF's words (WorkStyle): Simplex (one side), WorkAndBack (sheetwise: a
 * fronts page and a backs page per sheet), WorkAndTurn (one page printed on both sides from the
 * same plate). Written into the PDF's Keywords, which Ghostscript's CMYK conversion keeps, so
 * `kaartenset preflight` run on any file it made knows how its pages pair up.
 */
export type WorkStyle = 'Simplex' | 'WorkAndBack' | 'WorkAndTurn';

const PREFIX = 'WorkStyle=';

export function workStyleKeyword(style: WorkStyle): string {
  return `${PREFIX}${style}`;
}

/** The work style named in a PDF's Keywords, if any. */
export function readWorkStyle(keywords: string | undefined): WorkStyle | undefined {
  const found = (keywords ?? '')
    .split(/\s+/)
    .find((word) => word.startsWith(PREFIX))
    ?.slice(PREFIX.length);
  return found === 'Simplex' || found === 'WorkAndBack' || found === 'WorkAndTurn' ? found : undefined;
}

const BLEED_PREFIX = 'Bleed=';

/**
 * The bleed a file was made with, in points: the deck's own (any from 0 up), 0 for an office
 * document printed edge to edge (the worksheet), half the gutter for a sheet whose gutter is
 * narrower than two bleeds, a vendor's for its upload. Written beside the work style, so
 * `kaartenset preflight` holds the file to what it was made for and says so.
 */
export function bleedKeyword(bleedPt: number): string {
  return `${BLEED_PREFIX}${Number(bleedPt.toFixed(3))}pt`;
}

export function readDeclaredBleed(keywords: string | undefined): number | undefined {
  const found = (keywords ?? '')
    .split(/\s+/)
    .find((word) => word.startsWith(BLEED_PREFIX))
    ?.slice(BLEED_PREFIX.length);
  const match = found ? /^(\d+(?:\.\d+)?)pt$/.exec(found) : null;
  return match ? Number(match[1]) : undefined;
}

const TEXT_PREFIX = 'MinText=';
const FACE_TEXT_PREFIX = 'MinFaceText=';

/** The smallest text a file's cards may print, and where it holds: every text (a file of faces) or the text inside the faces on a sheet. */
export interface DeclaredMinText {
  pt: number;
  scope: 'all' | 'faces';
}

/**
 * The deck's minimum text size, written into every file of its cards, so `kaartenset preflight`
 * holds the cards' own text to it: a sheet's slug, marks and cover keep the press floor of 5 pt.
 */
export function minTextKeyword({ pt, scope }: DeclaredMinText): string {
  return `${scope === 'all' ? TEXT_PREFIX : FACE_TEXT_PREFIX}${Number(pt.toFixed(3))}pt`;
}

export function readDeclaredMinText(keywords: string | undefined): DeclaredMinText | undefined {
  for (const word of (keywords ?? '').split(/\s+/)) {
    const match = /^(MinText|MinFaceText)=(\d+(?:\.\d+)?)pt$/.exec(word);
    if (match) return { pt: Number(match[2]), scope: match[1] === 'MinText' ? 'all' : 'faces' };
  }
  return undefined;
}

/** How a duplex sheet turns over between its sides: the edge it turns on, in the profile's words. */
export type TurnEdge = 'long-edge' | 'short-edge';

const TURN_PREFIX = 'TurnEdge=';
const OFFSET_PREFIX = 'BackOffset=';

/**
 * The edge a duplex sheet turns on and the back offset its profile declares (a printer's measured
 * drift, in points, 0 for a press), written beside the work style so `kaartenset preflight` holds
 * the backs to that edge and to that offset alone.
 */
export function turnKeywords(edge: TurnEdge, backOffset: { x: number; y: number }): string[] {
  return [`${TURN_PREFIX}${edge}`, `${OFFSET_PREFIX}${Number(backOffset.x.toFixed(3))},${Number(backOffset.y.toFixed(3))}pt`];
}

export function readTurnEdge(keywords: string | undefined): TurnEdge | undefined {
  const found = (keywords ?? '')
    .split(/\s+/)
    .find((word) => word.startsWith(TURN_PREFIX))
    ?.slice(TURN_PREFIX.length);
  return found === 'long-edge' || found === 'short-edge' ? found : undefined;
}

export function readBackOffset(keywords: string | undefined): { x: number; y: number } | undefined {
  for (const word of (keywords ?? '').split(/\s+/)) {
    const match = /^BackOffset=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)pt$/.exec(word);
    if (match) return { x: Number(match[1]), y: Number(match[2]) };
  }
  return undefined;
}

/**
 * The marked-content tag around each face placed on a sheet, its properties naming the card
 * (/Card, text) and the side (/Side, /front or /back): a sheet's page map, read by preflight.
 */
export const FACE_TAG = 'KaartensetFace';
