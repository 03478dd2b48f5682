/*
 * pdf.js for Node: its "legacy" build, as Node 20 lacks what the modern one needs. That build
 * carries core-js, which replaces some of Node's own built-ins with slower JavaScript when they
 * miss an edge case of the newest standard: on Node 20 `Array.prototype.push` itself, for every
 * array in the process, which cost a third of the time pdf.js spent reading a page. pdf.js is
 * loaded here, with its worker code in this thread, and each built-in it replaced is put back;
 * what it added (a method Node lacks) stays.
 */

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** The objects whose methods core-js may replace. */
const BUILT_INS: object[] = [
  Array,
  Array.prototype,
  Object,
  Object.prototype,
  String,
  String.prototype,
  Number,
  Number.prototype,
  Promise,
  Promise.prototype,
  Map,
  Map.prototype,
  Set,
  Set.prototype,
  WeakMap.prototype,
  JSON,
  Math,
  Reflect,
  Function.prototype,
  ArrayBuffer,
  ArrayBuffer.prototype,
  Object.getPrototypeOf(Uint8Array),
  Object.getPrototypeOf(Uint8Array.prototype),
  Uint8Array,
  Uint8Array.prototype,
  RegExp.prototype,
  Symbol,
];

let loading: Promise<PdfjsModule> | undefined;

/** pdf.js, loaded once, with Node's own built-ins where it replaced them. */
export function loadPdfjs(): Promise<PdfjsModule> {
  return (loading ??= (async () => {
    const before = BUILT_INS.map(
      (target) => new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!])),
    );
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Loaded now rather than by pdf.js on the first document, so its polyfills are undone too.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    BUILT_INS.forEach((target, index) => {
      for (const [key, descriptor] of before[index]!) {
        const now = Object.getOwnPropertyDescriptor(target, key);
        if (now && typeof descriptor.value === 'function' && now.value !== descriptor.value) Object.defineProperty(target, key, descriptor);
      }
    });
    return pdfjs;
  })());
}
