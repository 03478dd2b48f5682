import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedBuild } from '../../support/built.ts';
import { openPdf, tool } from '../../support/pdf-tools.ts';

const MM = 72 / 25.4;

/** Every word poppler finds on a page, in points from its top left. */
async function words(file: string, page: number): Promise<Array<{ text: string; x1: number; y1: number; x2: number; y2: number }>> {
  const html = await tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    x1: Number(m[1]),
    y1: Number(m[2]),
    x2: Number(m[3]),
    y2: Number(m[4]),
  }));
}

describe("the slug of a press sheet keeps the profile's unprintable margin", () => {
  let built: string;
  // The shared build is made by whichever file asks first: under load, longer than a hook's usual budget.
  beforeAll(async () => {
    built = await sharedBuild();
  }, 600_000);

  it('runs up the left side of the SWAN press sheets, 10 mm or more from every paper edge, on fronts and backs', async () => {
    const file = path.join(built, 'swan', 'en', 'swan-en-sheets-press-sra3.pdf');
    const doc = await openPdf(file);
    for (const page of [1, 2]) {
      const { width, height } = doc.getPage(page - 1).getMediaBox();
      const trim = doc.getPage(page - 1).getTrimBox();
      // Outside the grid's trim only the slug has words.
      const slug = (await words(file, page)).filter(
        (word) => word.x2 < trim.x || word.x1 > trim.x + trim.width || word.y2 < height - trim.y - trim.height || word.y1 > height - trim.y,
      );
      expect(slug.map((word) => word.text)).toContain('press-sra3');
      for (const word of slug) {
        const nearest = Math.min(word.x1, word.y1, width - word.x2, height - word.y2);
        expect(nearest / MM, `${word.text} on page ${page}`).toBeGreaterThanOrEqual(10 - 0.01);
      }
      // Up a side: beside the grid, not above or below it.
      expect(slug.every((word) => word.x2 < trim.x || word.x1 > trim.x + trim.width)).toBe(true);
    }
  });
});
