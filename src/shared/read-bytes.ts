import { readFile } from 'node:fs/promises';

/**
 * A file's bytes as a plain Uint8Array over what `readFile` read, without copying them: a Buffer
 * would reach pdf.js, which refuses one, and its `slice` shares memory where a Uint8Array's copies.
 */
export async function readBytes(file: string): Promise<Uint8Array> {
  const read = await readFile(file);
  return new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
}
