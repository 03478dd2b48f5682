/** One run of text as a PDF viewer reads it: its page, its string and the size it is drawn at. */
export interface TextRun {
  /** Zero-based page index. */
  page: number;
  text: string;
  /** The rendered size in points: the font size with every scaling of the page applied. */
  sizePt: number;
}

/**
 * Every text run of a PDF, read by pdf.js (an outside interpreter, not the build's own writer), so
 * a size is what a reader sees, whatever the CSS asked for.
 */
export async function textRuns(pdf: Uint8Array): Promise<TextRun[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const runs: TextRun[] = [];
    for (let index = 0; index < doc.numPages; index++) {
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
