import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * locales/<lang>.lock.json: for each translated key, the fingerprint of the source text it was
 * translated from. Written by the tools (import, `i18n lock`); translators never edit it.
 */
export type LockFile = Record<string, string>;

export function lockPath(deckDir: string, language: string): string {
  return path.join(deckDir, 'locales', `${language}.lock.json`);
}

export async function readLock(deckDir: string, language: string): Promise<LockFile> {
  const text = await readFile(lockPath(deckDir, language), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as LockFile) : {};
}

export async function writeLock(deckDir: string, language: string, lock: LockFile): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(lockPath(deckDir, language), `${JSON.stringify(sorted, null, 2)}\n`);
}
