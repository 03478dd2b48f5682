import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../shared/errors.ts';

/**
 * Writes a file whole or not at all: the text goes to a temporary file beside it, which then
 * replaces the old one in one rename. A full disk or a killed process leaves the old file as it
 * was (a locale cut at 8192 bytes would lose translations), never half of the new one.
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'no permission to write there' : (error as Error).message;
    throw new EnvironmentError(`could not write ${file}: ${reason}; the file is unchanged`);
  }
}
