import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFsError } from '../../../src/shared/fs-errors.ts';

const failure = (code: string, file: string) => Object.assign(new Error(`${code}: ${file}`), { code, path: file });

describe('a file-system failure names the folder that failed', () => {
  it('blames the temporary folder, not --out, for a read-only or full TMPDIR', () => {
    const profile = path.join(os.tmpdir(), 'kaartenset-chromium-1-abc');
    expect((explainFsError(failure('EROFS', profile), '/home/me/dist') as Error).message).toBe(
      `${profile} is on a read-only file system, in the temporary folder ${os.tmpdir()}; set TMPDIR to a folder with room that this user may write (the previous output is unchanged)`,
    );
    expect((explainFsError(failure('ENOSPC', profile), '/home/me/dist') as Error).message).toMatch(
      /^the disk is full while writing .*, in the temporary folder .*; set TMPDIR to a folder with room/,
    );
  });

  it('still names --out for a failure in the output folder, also when that lies in the temporary folder', () => {
    const out = path.join(os.tmpdir(), 'my-dist');
    expect((explainFsError(failure('EROFS', path.join(out, 'mini')), out) as Error).message).toBe(
      `${path.join(out, 'mini')} is on a read-only file system; choose another --out`,
    );
    expect((explainFsError(failure('EACCES', '/home/me/dist/x'), '/home/me/dist') as Error).message).toMatch(/choose another --out/);
    // A folder above a set, beside no temporary folder of the program's.
    expect((explainFsError(failure('EEXIST', path.join(out, 'mini')), path.join(out, 'mini', 'nl')) as Error).message).toMatch(
      /choose another --out$/,
    );
  });
});
