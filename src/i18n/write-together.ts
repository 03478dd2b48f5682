import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { displayPath, EnvironmentError } from '../shared/errors.ts';

/**
 * Writes files that belong together (a locale and its lock) all or none: each new text goes to a
 * temporary file beside its file first; only when every one is written are they renamed into
 * place, and when a rename fails the files already replaced get their old text back. Whatever
 * fails, the message says the truth about what changed.
 */
export async function writeTogether(files: Array<{ file: string; text: string }>): Promise<void> {
  if (files.length === 0) return;
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged = files.map(({ file, text }) => ({ file, text, temporary: `${file}${suffix}` }));
  const originals = await Promise.all(files.map(({ file }) => readFile(file).catch(() => undefined)));
  const removeTemporaries = () => Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
  try {
    for (const { temporary, text } of staged) await writeFile(temporary, text);
  } catch (error) {
    await removeTemporaries().catch(() => undefined);
    throw new EnvironmentError(`could not write ${failedFile(error, staged)}: ${reason(error)}; no file was changed`);
  }
  let replaced = 0;
  try {
    for (const { temporary, file } of staged) {
      await rename(temporary, file);
      replaced++;
    }
  } catch (error) {
    const failed = staged[replaced]!.file;
    const restored = await restore(staged.slice(0, replaced), originals);
    await removeTemporaries().catch(() => undefined);
    const names = staged.map(({ file }) => displayPath(file)).join(' and ');
    throw new EnvironmentError(
      restored
        ? `could not replace ${displayPath(failed)}: ${reason(error)}; ${names} are as they were`
        : `could not replace ${displayPath(failed)}: ${reason(error)}, nor put back ${staged
            .slice(0, replaced)
            .map(({ file }) => displayPath(file))
            .join(', ')}: it holds the new text while ${displayPath(failed)} holds the old one`,
    );
  }
}

/** Puts the old text back into the files already replaced (removes those that were new); false when that fails too. */
async function restore(replaced: Array<{ file: string }>, originals: Array<Buffer | undefined>): Promise<boolean> {
  try {
    for (const [index, { file }] of replaced.entries()) {
      const original = originals[index];
      if (original === undefined) await rm(file, { force: true });
      else await writeFile(file, original);
    }
    return true;
  } catch {
    return false;
  }
}

function failedFile(error: unknown, staged: Array<{ file: string; temporary: string }>): string {
  const target = (error as NodeJS.ErrnoException).path;
  return displayPath(staged.find(({ temporary }) => temporary === target)?.file ?? staged[0]!.file);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to write there';
  if (code === 'EISDIR') return 'a folder has that name';
  return (error as Error).message;
}
