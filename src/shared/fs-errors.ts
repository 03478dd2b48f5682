import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from './errors.ts';

/** File-system failures a user can cause or meet, each with what to do about it. */
const MESSAGES: Record<string, (target: string) => string> = {
  ENOSPC: (target) => `the disk is full while writing ${target}; free some space and build again (the previous output is unchanged)`,
  EDQUOT: (target) =>
    `the disk quota is used up while writing ${target}; free some space and build again (the previous output is unchanged)`,
  EACCES: (target) => `no permission to write ${target}; choose another --out or fix the folder's permissions`,
  EPERM: (target) => `the system does not permit writing ${target}; choose another --out`,
  EROFS: (target) => `${target} is on a read-only file system; choose another --out`,
  ENOTDIR: (target) => `${target} is not a folder (a file is in the way); choose another --out`,
  EEXIST: (target) => `${target} is in the way (a file where a folder should be); choose another --out`,
  EBUSY: (target) => `${target} is in use by another program; close it and build again (the previous output is unchanged)`,
  EMFILE: (target) => `too many open files while writing ${target}; raise the limit (ulimit -n) and build again`,
};

/**
 * A Node file-system error as an EnvironmentError with a message for people; other errors
 * unchanged. A failure in a folder the program makes in the system's temporary folder (and not in
 * `fallbackTarget`, the output) is the temporary folder's: it names TMPDIR, not --out.
 */
export function explainFsError(error: unknown, fallbackTarget: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !MESSAGES[code]) return error;
  const target = (error as NodeJS.ErrnoException).path ?? fallbackTarget;
  const message = MESSAGES[code](target);
  if (!isProgramTemp(target) || isInside(target, fallbackTarget)) return new EnvironmentError(message);
  return new EnvironmentError(
    `${message.replace(/; .*$/, '')}, in the temporary folder ${os.tmpdir()}; set TMPDIR to a folder with room that this user may write (the previous output is unchanged)`,
  );
}

/**
 * The folders the program makes in the temporary folder: Chromium's profiles (print/browser.ts) and
 * the work folders of shared/temp-folder.ts (cmyk, ink, raster, vendor-png).
 */
const PROGRAM_TEMP = /^kaartenset-(?:chromium|cmyk|ink|raster|vendor-png)-/;

function isProgramTemp(file: string): boolean {
  const relative = path.relative(path.resolve(os.tmpdir()), path.resolve(file));
  return isInside(file, os.tmpdir()) && PROGRAM_TEMP.test(relative.split(path.sep)[0] ?? '');
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
