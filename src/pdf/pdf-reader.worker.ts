// The worker thread of pdf-reader.ts: reads each document it is sent with pdf.js, loaded at once.
import { createRequire, Module } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { loadPdfjs } from './pdfjs.ts';
import { readAllPages } from './read-pages.ts';
import type { ReaderAnswer } from './pdf-reader.ts';

// pdf.js inflates each stream through the web DecompressionStream where there is one; for the
// many small streams of a card PDF, Node's is slower than pdf.js's own inflate (a fifth of the
// time read a page), so this thread, which runs pdf.js alone, goes without it.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
// On import in Node, pdf.js loads @napi-rs/canvas (Skia, a 33 MB native library: 100 ms of CPU)
// for the classes only drawing a page uses, and warns where they are missing. This thread reads and
// never draws, so it gets empty classes of those names instead: pdf.js makes one matrix as it
// loads, and where it would outline a Type3 font's bitmap glyph for drawing it fails quietly and
// goes on without that outline.
class NotForDrawing {}
for (const name of ['DOMMatrix', 'ImageData', 'Path2D']) Object.assign(globalThis, { [name]: NotForDrawing });
// Resolved as pdf.js resolves it; where that optional package is not installed, pdf.js goes without it anyway.
const fromPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const canvas = (() => {
  try {
    return fromPdfjs.resolve('@napi-rs/canvas');
  } catch {
    return undefined;
  }
})();
if (canvas) fromPdfjs.cache[canvas] = Object.assign(new Module(canvas), { loaded: true, exports: {} });
const port = parentPort!;
void loadPdfjs();
// One document at a time, in the order sent: a sheet finds the faces of the cards.pdf sent before it.
let reading = Promise.resolve();
port.on('message', ({ id, data }: { id: number; data: Uint8Array }) => {
  reading = reading.then(async () => {
    let answer: ReaderAnswer;
    try {
      answer = { id, readings: await readAllPages(data) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
});
