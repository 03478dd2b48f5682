import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  lineTo,
  moveTo,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  setGraphicsState,
  setLineWidth,
  StandardFonts,
  stroke,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { PdfReader } from '../../../src/pdf/pdf-reader.ts';
import { readAllPages, readPages, unpackRuns } from '../../../src/pdf/read-pages.ts';
import { textRuns } from '../../../src/pdf/text-runs.ts';
import { REPO } from '../../support/fixtures.ts';

const run = promisify(execFile);

/**
 * Four pages: a front, a back, the same back again (one copyPages call shares its content), and a
 * page whose content is the back's but whose resources make its line half transparent.
 */
async function deckWithRepeatedBacks(): Promise<Uint8Array> {
  const source = await PDFDocument.create();
  const helvetica = await source.embedFont(StandardFonts.Helvetica);
  const front = source.addPage([180, 252]);
  front.drawText('Wat zie je?', { x: 20, y: 200, size: 11, font: helvetica });
  const back = source.addPage([180, 252]);
  back.drawText('Achterkant', { x: 20, y: 120, size: 14, font: helvetica });
  back.node.setExtGState(PDFName.of('GS1'), source.context.obj({ Type: 'ExtGState', CA: 1 }));
  back.pushOperators(
    pushGraphicsState(),
    setGraphicsState('GS1'),
    setLineWidth(2),
    moveTo(10, 10),
    lineTo(170, 10),
    stroke(),
    popGraphicsState(),
  );
  const doc = await PDFDocument.create();
  for (const page of await doc.copyPages(source, [0, 1, 1, 1])) doc.addPage(page);
  const last = doc.getPage(3);
  const resources = last.node.Resources()!.clone(doc.context);
  resources.set(PDFName.of('ExtGState'), doc.context.obj({ GS1: { Type: 'ExtGState', CA: 0.5 } }));
  last.node.set(PDFName.of('Resources'), resources);
  return doc.save({ useObjectStreams: false });
}

describe('reading the pages of a finished PDF', () => {
  it('reads a page that repeats an earlier one (same content, same resources) as that page, and one with other resources on its own', async () => {
    const pages = await readPages(await deckWithRepeatedBacks());
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3, 4]);
    const { page: _back, ...back } = pages[1]!;
    const { page: _repeated, ...repeated } = pages[2]!;
    expect(repeated).toEqual(back);
    expect(unpackRuns(back.textSizes).map(({ size }) => size)).toEqual([14]);
    expect(back.strokes.map(({ width }) => width)).toEqual([2]);
    expect(back.transparency).toEqual([]);
    // The same content stream, drawn through other resources, draws something else.
    expect(pages[3]!.transparency.map(({ what }) => what)).toEqual(['CA 0.5']);
  });

  it("gives the pages' runs of text with their strings, pages and printed sizes, as pdf.js's text layer joins them", async () => {
    expect(await textRuns(await deckWithRepeatedBacks(), [0, 2])).toEqual([
      { page: 0, text: 'Wat zie je?', sizePt: 11 },
      { page: 2, text: 'Achterkant', sizePt: 14 },
    ]);
  });

  it("reads the same in the compiled CLI's reader thread as in this one, and fails a document it cannot read without stopping", async () => {
    // The CLI is compiled before the suite (tests/support/compile-cli.ts), with the reader thread's script.
    const reader = new PdfReader(path.join(REPO, '.compiled', 'pdf-reader.js'));
    try {
      const pdf = await deckWithRepeatedBacks();
      expect(await reader.read(pdf)).toEqual(await readAllPages(pdf));
      await expect(reader.read(new TextEncoder().encode('%PDF-1.7 and then nothing'))).rejects.toThrow();
      expect((await reader.read(pdf)).length).toBe(4);
    } finally {
      await reader.stop();
    }
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
