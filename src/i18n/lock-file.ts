import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileProblem, InputError, problem } from '../shared/errors.ts';
import { writeUserFile } from '../shared/atomic-write.ts';
import { sourceHash } from './source-hash.ts';

/**
 * locales/<lang>.lock.json: for each translated key, the source text it was translated from, so a
 * changed source shows the translation as stale and the translator sees what changed. `review`
 * marks a translation its translator's tool left unfinished (fuzzy in PO; new, needs-translation,
 * needs-review-* or initial in XLIFF), `state` keeps that tool's word for it. `same` records that
 * a translation identical to its source was confirmed (a name, a loanword): without it, a copy of
 * the source is unfinished. Files written before kept only a fingerprint of that text (a string).
 * Written by the tools (import, `i18n lock`); translators never edit it.
 */
export type LockEntry = string | { from: string; review?: true; state?: string; same?: true };
export type LockFile = Record<string, LockEntry>;

/**
 * Where a translation stands: finished (it prints), stale (made from another source text), the
 * word its tool used for unfinished work (fuzzy, new, needs-translation, initial …), or the
 * source copied unconfirmed.
 */
export type TranslationState = 'finished' | 'stale' | 'same as source' | (string & {});

/** Spreadsheets turn line ends into CR LF and editors compose accents differently: neither is a change. */
export function sameSource(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/**
 * The state of one translation against today's source. A translation never imported nor locked
 * (no entry) counts as made from today's source; a copy of the source is unfinished until its key
 * is confirmed (`i18n lock <lang> <key>`).
 */
export function translationState(entry: LockEntry | undefined, source: string, translation: string): TranslationState {
  if (entry !== undefined) {
    if (typeof entry === 'string' ? entry !== sourceHash(source) : !sameSource(entry.from, source)) return 'stale';
    if (typeof entry === 'object' && entry.review) return entry.state ?? 'needs review';
  }
  const confirmed = typeof entry === 'object' && entry.same === true;
  return !confirmed && sameSource(translation, source) ? 'same as source' : 'finished';
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
  await writeUserFile(lockPath(deckDir, language), lockText(lock));
}

/** The lock as the tools write it: one key per line, sorted, so a change to one translation is a one-line diff. */
export function lockText(lock: LockFile): string {
  const lines = Object.entries(lock)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, entry]) => `  ${JSON.stringify(key)}: ${JSON.stringify(entry)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function isLockEntry(value: unknown): value is LockEntry {
  if (typeof value === 'string') return true;
  return value !== null && typeof value === 'object' && typeof (value as { from?: unknown }).from === 'string';
}
