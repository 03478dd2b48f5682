// pdf.js ships no types for its worker module; pdfjs.ts only hands it to pdf.js.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/** The compiled PDF reader thread's script, set by bin/compiled.js; undefined where the sources run as they are. */
declare const PDF_READER_WORKER: string | undefined;
