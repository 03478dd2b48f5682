// The worker thread of pdf-reader.ts: reads each document it is sent with pdf.js, loaded at once.
import { parentPort } from 'node:worker_threads';
import { loadPdfjs } from './pdfjs.ts';
import { readAllPages } from './read-pages.ts';
import type { ReaderAnswer } from './pdf-reader.ts';

// pdf.js inflates each stream through the web DecompressionStream where there is one; for the
// many small streams of a card PDF, Node's is slower than pdf.js's own inflate (a fifth of the
// time read a page), so this thread, which runs pdf.js alone, goes without it.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
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
