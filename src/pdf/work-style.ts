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
