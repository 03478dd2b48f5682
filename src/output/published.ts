import { readFile } from 'node:fs/promises';
import type { Manifest } from './manifest.ts';

/** A published set's manifest.json, or undefined when it is not there. */
export async function readManifest(file: string): Promise<Manifest | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Manifest);
}
