import { loadPdfjs } from './pdfjs.ts';

/** One run of text as a PDF viewer reads it: its page, its string and the size it is drawn at. */
export interface TextRun {
  /** Zero-based page index. */
  page: number;
  text: string;
  /** The rendered size in points: the font size with every scaling of the page applied. */
  sizePt: number;
}

/**
 * The runs of text of the given pages (zero-based), as pdf.js's text layer joins glyphs into
 * words and lines: read by an outside interpreter, not the build's own writer, so a size is what
 * a reader sees, whatever the CSS asked for.
 */
export async function textRuns(pdf: Uint8Array, pages: number[]): Promise<TextRun[]> {
  const { getDocument } = await loadPdfjs();
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 })
    .promise;
  try {
    const runs: TextRun[] = [];
    for (const index of pages) {
      const page = await doc.getPage(index + 1);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , c, d] = item.transform as number[];
        runs.push({ page: index, text: item.str, sizePt: Math.hypot(c!, d!) });
      }
      page.cleanup();
    }
    return runs;
  } finally {
    await doc.destroy();
  }
}
