import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';

/** Beside src/ (and beside .compiled/, which mirrors it at the same depth): one per checkout, never committed. */
const CACHE_ROOT = path.resolve(import.meta.dirname, '..', '..', '.cache');

/**
 * Text made by slow work (a library that takes longer to load than the work it does), kept
 * between runs under a hash of everything it was made from. `parse` rejects a damaged entry
 * by returning undefined, and the work is done again. A cache that cannot be written (a
 * read-only install) only costs the next run the work.
 */
export async function cachedText<T>(
  namespace: string,
  inputs: string[],
  make: () => Promise<string>,
  parse: (text: string) => T | undefined,
): Promise<T> {
  const key = createHash('sha256').update(inputs.join('\0')).digest('hex').slice(0, 32);
  const file = path.join(CACHE_ROOT, namespace, key);
  const cached = await readFile(file, 'utf8').then(parse).catch(() => undefined);
  if (cached !== undefined) return cached;
  const text = await make();
  const value = parse(text);
  if (value === undefined) throw new Error(`cache ${namespace}: the work made text its own reader rejects`);
  await mkdir(path.dirname(file), { recursive: true })
    .then(() => writeFileAtomic(file, text))
    .catch(() => undefined);
  return value;
}
