import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readPages } from '../../../src/pdf/read-pages.ts';
import { textRuns } from '../../../src/pdf/text-runs.ts';
import { REPO } from '../../support/fixtures.ts';

const run = promisify(execFile);

/**
 * Four pages: a front, a back, the same back again (one copyPages call shares its content), and a
 * page whose content is the back's but whose resources name another font: it draws other text.
 */
async function deckWithRepeatedBacks(): Promise<Uint8Array> {
  const source = await PDFDocument.create();
  const helvetica = await source.embedFont(StandardFonts.Helvetica);
  const front = source.addPage([180, 252]);
  front.drawText('Wat zie je?', { x: 20, y: 200, size: 11, font: helvetica });
  const back = source.addPage([180, 252]);
  back.drawText('Achterkant', { x: 20, y: 120, size: 14, font: helvetica });
  back.drawLine({ start: { x: 10, y: 10 }, end: { x: 170, y: 10 }, thickness: 2, color: rgb(0, 0, 0) });
  const doc = await PDFDocument.create();
  for (const page of await doc.copyPages(source, [0, 1, 1, 1])) doc.addPage(page);
  // The last page keeps the back's content stream, but its font is now Symbol: the same bytes read as Greek.
  const symbol = await doc.embedFont(StandardFonts.Symbol);
  const last = doc.getPage(3);
  const fonts = last.node.Resources()!.lookup(PDFName.of('Font'));
  const resources = last.node.Resources()!.clone(doc.context);
  const ownFonts = doc.context.obj({});
  for (const [name] of (fonts as unknown as { entries(): Array<[PDFName, unknown]> }).entries()) ownFonts.set(name, symbol.ref);
  resources.set(PDFName.of('Font'), ownFonts);
  last.node.set(PDFName.of('Resources'), resources);
  return doc.save({ useObjectStreams: false });
}

describe('reading the pages of a finished PDF', () => {
  it('reads a page that repeats an earlier one (same content, same resources) as that page, and one with other resources on its own', async () => {
    const pages = await readPages(await deckWithRepeatedBacks());
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3, 4]);
    const { page: _second, ...back } = pages[1]!;
    const { page: _third, ...repeated } = pages[2]!;
    expect(repeated).toEqual(back);
    expect(back.texts.map((text) => text.text)).toEqual(['Achterkant']);
    expect(back.strokes).toEqual([2]);
    expect(pages[3]!.strokes).toEqual([2]);
    expect(pages[3]!.texts).toHaveLength(1);
    expect(pages[3]!.texts[0]!.text).not.toBe('Achterkant');
  });

  it('gives every run of text with its string, page and printed size', async () => {
    const runs = textRuns(await readPages(await deckWithRepeatedBacks()));
    expect(runs.slice(0, 3)).toEqual([
      { page: 0, text: 'Wat zie je?', sizePt: 11 },
      { page: 1, text: 'Achterkant', sizePt: 14 },
      { page: 2, text: 'Achterkant', sizePt: 14 },
    ]);
  });

  it("leaves Node's own Array push and JSON in place when it loads pdf.js, whose polyfills would replace them", async () => {
    const script = `
      import { loadPdfjs } from './src/pdf/pdfjs.ts';
      const before = [Array.prototype.push, JSON.parse, JSON.stringify];
      await loadPdfjs();
      const after = [Array.prototype.push, JSON.parse, JSON.stringify];
      console.log(JSON.stringify({ kept: after.every((f, i) => f === before[i]), withResolvers: typeof Promise.withResolvers }));`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO });
    // What Node 20 lacks (Promise.withResolvers) pdf.js still adds.
    expect(JSON.parse(stdout)).toEqual({ kept: true, withResolvers: 'function' });
  });
});
