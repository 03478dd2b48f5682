import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeUserFile } from '../../../src/shared/atomic-write.ts';
import { EnvironmentError } from '../../../src/shared/errors.ts';

/** A 16 KiB file system, so "the disk is full" is real (needs root and mount, as on the team's machines). */
function tinyDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('locale and lock files are written whole or not at all', () => {
  it('leaves the old file as it was, and no temporary file, when the disk fills up', async (context) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-full-'));
    if (!tinyDisk(dir)) {
      await rm(dir, { recursive: true });
      context.skip();
    }
    try {
      const file = path.join(dir, 'en.yaml');
      const before = 'language:\n  name: English\n'.repeat(100);
      await writeFile(file, before);
      const failure = await writeUserFile(file, 'x'.repeat(64 * 1024)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EnvironmentError);
      expect((failure as Error).message).toBe(`could not write ${file}: the disk is full; the file is unchanged`);
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(await readdir(dir)).toEqual(['en.yaml']);
      await writeUserFile(file, 'language:\n  name: Deutsch\n');
      expect(await readFile(file, 'utf8')).toBe('language:\n  name: Deutsch\n');
    } finally {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true });
    }
  });
});
