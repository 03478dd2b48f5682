// The worker thread of pdf-reader.ts: reads each document it is sent with pdf.js, loaded at once.
import { parentPort } from 'node:worker_threads';
import { loadPdfjs } from './pdfjs.ts';
import { readAllPages } from './read-pages.ts';
import type { ReaderAnswer } from './pdf-reader.ts';

const port = parentPort!;
void loadPdfjs();
port.on('message', async ({ id, data }: { id: number; data: Uint8Array }) => {
  let answer: ReaderAnswer;
  try {
    answer = { id, readings: await readAllPages(data) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
