import { Worker } from 'node:worker_threads';
import type { PageReading } from './read-pages.ts';

/*
 * The compiled CLI reads PDFs in worker threads of its own: pdf.js loads and interprets there
 * while the main thread imposes sheets, and a long interpretation never holds up the messages of
 * the browser printing. A build gives each set a lane: its documents go to one thread, in order,
 * so a sheet is read after cards.pdf where that thread already knows its faces (read-pages.ts).
 * Up to two threads, one per set being built at once; each costs pdf.js's loading, so a second
 * starts only when a second set (or a second document outside any lane) needs it. Where the
 * sources run as they are (tests, tsx) there is no compiled worker script, and pages are read in
 * the calling thread.
 */
const THREADS = 2;
let readers: PdfReader[] = [];
const lanes = new Map<string, PdfReader>();

/** The reader thread for a lane, or the least busy one; undefined where no worker script is compiled. */
export function pdfReader(lane?: string): PdfReader | undefined {
  if (typeof PDF_READER_WORKER !== 'string') return undefined;
  const assigned = lane === undefined ? undefined : lanes.get(lane);
  if (assigned) return assigned;
  const held = new Set(lanes.values());
  // A lane takes a thread no other lane holds (one started ahead of the build, say) before starting one.
  const idle = readers.find((reader) => reader.busy === 0 && (lane === undefined || !held.has(reader)));
  const reader =
    idle ??
    (readers.length < THREADS
      ? startReader(PDF_READER_WORKER)
      : readers.reduce((idlest, next) => (next.busy < idlest.busy ? next : idlest)));
  if (lane !== undefined) lanes.set(lane, reader);
  return reader;
}

function startReader(script: string): PdfReader {
  const reader = new PdfReader(script);
  readers.push(reader);
  return reader;
}

/**
 * Starts a reader thread for the first lane to take, at the start of a build that will read PDFs:
 * its pdf.js loads while the build starts up and the browser launches, when the cores are not yet
 * both busy, rather than while the faces print.
 */
export function startPdfReaderAhead(): void {
  if (typeof PDF_READER_WORKER === 'string' && readers.length === 0) startReader(PDF_READER_WORKER);
}

/** Starts a lane's reader thread ahead of its first document, so pdf.js has loaded by then. */
export function startPdfReader(lane: string): void {
  pdfReader(lane);
}

/**
 * A set's documents are all read: its lane's thread ends unless another set's lane is on it or it
 * has reading left, and a set after it starts one anew. Over a set's previews, which read no PDF,
 * the thread's pdf.js and heap would hold some 100 MB for nothing.
 */
export async function endPdfLane(lane: string): Promise<void> {
  const reader = lanes.get(lane);
  lanes.delete(lane);
  if (!reader || reader.busy > 0 || [...lanes.values()].includes(reader)) return;
  readers = readers.filter((running) => running !== reader);
  await reader.stop();
}

/** Ends the reader threads, if they run, and forgets the readings kept: at the end of a build. */
export async function stopPdfReader(): Promise<void> {
  const running = readers;
  readers = [];
  lanes.clear();
  kept.clear();
  await Promise.all(running.map((reader) => reader.stop()));
}

/**
 * Documents read during a build, by content hash: the build reads cards.pdf for its text sizes
 * and each sheet as soon as it is made, and preflight finds those readings here. Bounded, for a
 * process that never ends a build.
 */
const kept = new Map<string, Promise<PageReading[]>>();
const KEPT_DOCUMENTS = 64;

/** The reading of the document with this hash: the one kept, or `read` now. */
export function keptReading(hash: string, read: () => Promise<PageReading[]>): Promise<PageReading[]> {
  const known = kept.get(hash);
  if (known) return known;
  const reading = read();
  kept.set(hash, reading);
  reading.catch(() => kept.delete(hash));
  for (const old of [...kept.keys()].slice(0, Math.max(0, kept.size - KEPT_DOCUMENTS))) kept.delete(old);
  return reading;
}

/** What the worker answers: the readings of one document, or why it could not read it. */
export type ReaderAnswer = { id: number; readings: PageReading[] } | { id: number; error: string };

/**
 * pdf.js in one worker thread (pdf-reader.worker.ts): documents are read one after another, in the
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

  /** Documents asked for and not read yet. */
  get busy(): number {
    return this.waiting.size;
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
