import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../shared/hash.ts';
import type { Manifest } from './manifest.ts';

/** A published set's manifest.json, or undefined when it is not there. */
export async function readManifest(file: string): Promise<Manifest | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Manifest);
}

/**
 * The files of a published set in `dir` that are gone or no longer what its manifest recorded:
 * someone edited or replaced them in place since the build, so the set is not current.
 */
export async function filesChangedSince(manifest: Manifest, dir: string): Promise<string[]> {
  const changed = await Promise.all(
    manifest.files.map(async (entry) => {
      const bytes = await readFile(path.join(dir, entry.file)).catch(() => undefined);
      return bytes === undefined || bytes.byteLength !== entry.bytes || sha256(bytes) !== entry.sha256 ? entry.file : undefined;
    }),
  );
  return changed.filter((file) => file !== undefined);
}
