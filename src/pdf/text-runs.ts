import type { PageReading } from './read-pages.ts';

/** One run of text as a PDF viewer reads it: its page, its string and the size it is drawn at. */
export interface TextRun {
  /** Zero-based page index. */
  page: number;
  text: string;
  /** The rendered size in points: the font size with every scaling of the page applied. */
  sizePt: number;
}

/**
 * Every run of text of a PDF read by pdf.js (an outside interpreter, not the build's own writer,
 * see read-pages.ts), so a size is what a reader sees, whatever the CSS asked for.
 */
export function textRuns(readings: PageReading[]): TextRun[] {
  return readings.flatMap((reading) => reading.texts.filter(({ text }) => text.trim() !== '').map(({ text, sizePt }) => ({ page: reading.page - 1, text, sizePt })));
}
