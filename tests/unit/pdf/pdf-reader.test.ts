import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { endPdfLane, pdfReader, stopPdfReader } from '../../../src/pdf/pdf-reader.ts';
import { REPO } from '../../support/fixtures.ts';

const run = promisify(execFile);
/** The reader thread's script, as the suite compiles the CLI before it runs (tests/support/compile-cli.ts). */
const READER_SCRIPT = path.join(REPO, '.compiled', 'pdf-reader.js');

async function onePagePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([180, 252]).drawText(text, { x: 20, y: 200, size: 11, font });
  return doc.save();
}

describe("the build's PDF reader threads", () => {
  const global = globalThis as { PDF_READER_WORKER?: string };
  // Where the compiled CLI runs, bin/compiled.js names the reader thread's script so.
  beforeAll(() => {
    global.PDF_READER_WORKER = READER_SCRIPT;
  });
  afterAll(async () => {
    await stopPdfReader();
    delete global.PDF_READER_WORKER;
  });

  it("ends a set's thread once the set's lane ends, and gives the next set a thread of its own", async () => {
    const running = [pdfReader('swan nl')!, pdfReader('swan en')!];
    expect((await running[0]!.read(await onePagePdf('Wat zie je?'))).length).toBe(1);
    const stop = vi.spyOn(running[0]!, 'stop');
    await endPdfLane('swan nl');
    expect(stop).toHaveBeenCalledOnce();
    // Two threads at most: had the first not ended, the next set would share one of the two.
    const next = pdfReader('besluitmodellen nl')!;
    expect(running).not.toContain(next);
    expect((await next.read(await onePagePdf('Besluit'))).length).toBe(1);
    for (const lane of ['swan en', 'besluitmodellen nl']) await endPdfLane(lane);
  });

  it('gives a set an idle thread no other set holds (one started ahead of the build), and the next set a thread of its own', async () => {
    // A thread that runs before any set asks: as startPdfReaderAhead leaves one, or a reading outside any set.
    const ahead = pdfReader()!;
    expect(pdfReader('swan nl')).toBe(ahead);
    const second = pdfReader('swan en')!;
    expect(second).not.toBe(ahead);
    expect((await ahead.read(await onePagePdf('Wat zie je?'))).length).toBe(1);
    for (const lane of ['swan nl', 'swan en']) await endPdfLane(lane);
  });

  it('keeps a thread that another set still reads on', async () => {
    // Two threads at most: a third set shares the least busy one.
    const lanes = ['swan nl', 'swan en', 'besluitmodellen nl'];
    const readers = lanes.map((lane) => pdfReader(lane)!);
    const shared = readers[2]!;
    const other = lanes[readers.indexOf(shared)]!;
    await endPdfLane(other);
    expect(pdfReader('besluitmodellen nl')).toBe(shared);
    expect((await shared.read(await onePagePdf('Besluit'))).length).toBe(1);
    // Both threads still run: a new set shares one of them rather than starting a third.
    expect(readers).toContain(pdfReader('besluitmodellen en'));
    for (const lane of [...lanes, 'besluitmodellen en']) await endPdfLane(lane);
  });

  it.runIf(process.platform === 'linux')(
    'reads without loading the drawing library pdf.js would load in Node (@napi-rs/canvas, Skia)',
    async () => {
      // In a process of its own, whose memory map shows every library loaded; a file, as a thread does not take --eval's flags.
      const dir = await mkdtemp(path.join(tmpdir(), 'kaartenset-reader-'));
      try {
        await writeFile(path.join(dir, 'card.pdf'), await onePagePdf('Wat zie je?'));
        await writeFile(
          path.join(dir, 'read.mjs'),
          `import { readFileSync } from 'node:fs';
          import { PdfReader } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src', 'pdf', 'pdf-reader.ts')).href)};
          const reader = new PdfReader(${JSON.stringify(READER_SCRIPT)});
          const pages = (await reader.read(readFileSync(${JSON.stringify(path.join(dir, 'card.pdf'))}))).length;
          console.log(JSON.stringify({ pages, skia: /skia|napi-rs/.test(readFileSync('/proc/self/maps', 'utf8')) }));
          await reader.stop();`,
        );
        const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(dir, 'read.mjs')], { cwd: REPO });
        expect(JSON.parse(stdout)).toEqual({ pages: 1, skia: false });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
