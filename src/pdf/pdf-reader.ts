import { Worker } from 'node:worker_threads';
import type { PageReading } from './read-pages.ts';

/*
 * The compiled CLI reads PDFs in a worker thread of its own: pdf.js loads and interprets there, on
 * the machine's other core, while the main thread imposes sheets, and a long interpretation never
 * holds up the messages of the browser printing. Where the sources run as they are (tests, tsx)
 * there is no compiled worker script, and pages are read in the calling thread.
 */
let reader: PdfReader | undefined;

/** The reader thread, started on first use; undefined where no worker script is compiled. */
export function pdfReader(): PdfReader | undefined {
  if (typeof PDF_READER_WORKER === 'string') reader ??= new PdfReader(PDF_READER_WORKER);
  return reader;
}

/** Starts the reader ahead of its first document, so pdf.js has loaded by then. */
export function startPdfReader(): void {
  pdfReader();
}

/** Ends the reader's thread, if one runs: at the end of a build rather than as the process exits. */
export async function stopPdfReader(): Promise<void> {
  const running = reader;
  reader = undefined;
  await running?.stop();
}

/** What the worker answers: the readings of one document, or why it could not read it. */
export type ReaderAnswer = { id: number; readings: PageReading[] } | { id: number; error: string };

/**
 * pdf.js in a worker thread (pdf-reader.worker.ts): documents are read one after another, in the
 * order asked. The thread does not keep the process alive, and a thread that dies fails what it
 * was asked and is started again for the next document.
 */
export class PdfReader {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (readings: PageReading[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly script: string) {
    this.start();
  }

  read(data: Uint8Array): Promise<PageReading[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<PageReading[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, data });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (answer: ReaderAnswer) => {
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in answer) waiter?.reject(new Error(answer.error));
      else waiter?.resolve(answer.readings);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PDF reader thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
