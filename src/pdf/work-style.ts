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
  const found = (keywords ?? '').split(/\s+/).find((word) => word.startsWith(PREFIX))?.slice(PREFIX.length);
  return found === 'Simplex' || found === 'WorkAndBack' || found === 'WorkAndTurn' ? found : undefined;
}

const BLEED_PREFIX = 'Bleed=';

/**
 * The bleed a file was made with, in points, where it is less than the deck's policy on purpose:
 * 0 for an office document printed edge to edge (the worksheet), half the gutter for a sheet
 * whose cards butt. Written beside the work style, so `kaartenset preflight` holds the file to
 * what it was made for and says so.
 */
export function bleedKeyword(bleedPt: number): string {
  return `${BLEED_PREFIX}${Number(bleedPt.toFixed(3))}pt`;
}

export function readDeclaredBleed(keywords: string | undefined): number | undefined {
  const found = (keywords ?? '').split(/\s+/).find((word) => word.startsWith(BLEED_PREFIX))?.slice(BLEED_PREFIX.length);
  const match = found ? /^(\d+(?:\.\d+)?)pt$/.exec(found) : null;
  return match ? Number(match[1]) : undefined;
}
