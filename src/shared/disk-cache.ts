import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { sha256 } from './hash.ts';
import { isProcessRunning } from './processes.ts';

/** Beside src/ (and beside .compiled/, which mirrors it at the same depth): one per checkout, never committed. */
const CACHE_ROOT = path.resolve(import.meta.dirname, '..', '..', '.cache');

/** A file name under a namespace: part of the content hash of what names the entry. */
function entryName(text: string): string {
  return sha256(text).slice(0, 32);
}

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
  const key = entryName(inputs.join('\0'));
  const file = path.join(CACHE_ROOT, namespace, key);
  const cached = await readFile(file, 'utf8')
    .then(parse)
    .catch(() => undefined);
  if (cached !== undefined) return cached;
  const text = await make();
  const value = parse(text);
  if (value === undefined) throw new Error(`cache ${namespace}: the work made text its own reader rejects`);
  await mkdir(path.dirname(file), { recursive: true })
    .then(() => clearLeftovers(path.dirname(file)))
    .then(() => writeFileAtomic(file, text))
    .catch(() => undefined);
  return value;
}

interface FilesEntry {
  /** Each input as [path, hash of its content]. */
  inputs: Array<[string, string]>;
  /** The file under the namespace's folder holding the text. */
  text: string;
}

const contentOf = (file: string) => readFile(file).then(sha256);

/**
 * Text made from files that only the making finds (a bundler's inputs): kept with the hash of
 * each input's content, and made again when any input's content differs or `key` (what else
 * shaped it: tool version, options) changed.
 */
export async function cachedFromFiles(
  namespace: string,
  key: string[],
  make: () => Promise<{ text: string; inputs: string[] }>,
): Promise<string> {
  const dir = path.join(CACHE_ROOT, namespace);
  const entryFile = path.join(dir, `${entryName(key.join('\0'))}.json`);
  const cached = await readFile(entryFile, 'utf8')
    .then(async (json) => {
      const entry = JSON.parse(json) as FilesEntry;
      const current = await Promise.all(
        entry.inputs.map(([file, hash]) =>
          contentOf(file).then(
            (now) => now === hash,
            () => false,
          ),
        ),
      );
      return current.every(Boolean) ? await readFile(path.join(dir, entry.text), 'utf8') : undefined;
    })
    .catch(() => undefined);
  if (cached !== undefined) return cached;
  const made = await make();
  const inputs = await Promise.all(made.inputs.map(async (file) => [file, await contentOf(file)] as [string, string]));
  const textFile = `${entryName(made.text)}.txt`;
  await mkdir(dir, { recursive: true })
    .then(() => clearLeftovers(dir))
    .then(() => writeFileAtomic(path.join(dir, textFile), made.text))
    .then(() => writeFileAtomic(entryFile, JSON.stringify({ inputs, text: textFile } satisfies FilesEntry)))
    .catch(() => undefined);
  return made.text;
}

/** Removes what a killed run left half-written here: temporary files of processes no longer running. */
async function clearLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(/\.tmp-(\d+)-/.exec(name)?.[1]);
    if (pid && !isProcessRunning(pid)) await rm(path.join(dir, name), { force: true });
  }
}
