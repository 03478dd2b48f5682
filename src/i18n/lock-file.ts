import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileProblem, InputError, problem } from '../shared/errors.ts';
import { writeUserFile } from '../shared/atomic-write.ts';
import { sourceHash } from './source-hash.ts';

/**
 * locales/<lang>.lock.json: for each translated key, the source text it was translated from, so a
 * changed source shows the translation as stale and the translator sees what changed. `review`
 * marks a translation its translator left unconfirmed (fuzzy in PO, needs-review in XLIFF): stale
 * whatever the source says. Files written before kept only a fingerprint of that text (a string).
 * Written by the tools (import, `i18n lock`); translators never edit it.
 */
export type LockEntry = string | { from: string; review?: true };
export type LockFile = Record<string, LockEntry>;

/** Spreadsheets turn line ends into CR LF and editors compose accents differently: neither is a change. */
export function sameSource(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** A translation is stale when it was made from another source text than today's, or left unconfirmed. */
export function isStale(entry: LockEntry | undefined, source: string): boolean {
  if (entry === undefined) return false;
  if (typeof entry === 'string') return entry !== sourceHash(source);
  return entry.review === true || !sameSource(entry.from, source);
}

/** The source text a stale translation was made from, when the lock knows it (and it differs from today's). */
export function previousSource(entry: LockEntry | undefined, source: string): string | undefined {
  return typeof entry === 'object' && !sameSource(entry.from, source) ? entry.from : undefined;
}

export function lockPath(deckDir: string, language: string): string {
  return path.join(deckDir, 'locales', `${language}.lock.json`);
}

export async function readLock(deckDir: string, language: string): Promise<LockFile> {
  const file = lockPath(deckDir, language);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return Object.create(null) as LockFile;
  const conflict = text.split('\n').findIndex((line) => /^(<{7}|={7}|>{7})( |$)/.test(line));
  if (conflict >= 0) {
    throw new InputError([
      problem(
        'merge-conflict',
        { file, text },
        conflict + 1,
        1,
        `a merge conflict marker: keep one side (or delete the file and run \`npx kaartenset i18n lock ${language}\` after checking the translations)`,
      ),
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError([
      fileProblem(
        'lock-file-unreadable',
        file,
        `not readable JSON (${(error as Error).message}); the tools write this file: delete it and run \`npx kaartenset i18n lock ${language}\` after checking the translations`,
      ),
    ]);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every(isLockEntry)) {
    throw new InputError([
      fileProblem('lock-file-unreadable', file, 'expected an object of key: { from: source text }, as the tools write it'),
    ]);
  }
  return Object.assign(Object.create(null) as LockFile, parsed);
}

export async function writeLock(deckDir: string, language: string, lock: LockFile): Promise<void> {
  // One key per line, sorted: a change to one translation is a one-line diff.
  const lines = Object.entries(lock)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, entry]) => `  ${JSON.stringify(key)}: ${JSON.stringify(entry)}`);
  await writeUserFile(lockPath(deckDir, language), `{\n${lines.join(',\n')}\n}\n`);
}

function isLockEntry(value: unknown): value is LockEntry {
  if (typeof value === 'string') return true;
  return value !== null && typeof value === 'object' && typeof (value as { from?: unknown }).from === 'string';
}
