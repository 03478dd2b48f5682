import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { EnvironmentError } from './errors.ts';

/**
 * Writes a file so that readers see the old content or the new, never a part: the data goes to a
 * temporary file beside it, which then replaces the file in one rename. A failed write (a full disk)
 * leaves the old file whole and no temporary file behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a file the user edits (a locale, a lock, an export) whole or not at all, and says in
 * words why it could not: a locale cut at 8192 bytes would lose translations.
 */
export async function writeUserFile(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EACCES' || code === 'EPERM'
          ? 'no permission to write there'
          : (error as Error).message;
    throw new EnvironmentError(`could not write ${file}: ${reason}; the file is unchanged`);
  }
}
