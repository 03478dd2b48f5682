import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/fixtures.ts';
import { onSmallDisk } from '../../support/small-disk.ts';

/** Fills a 64 KiB disk through writeUserFile, then writes a small file there, and tells what it saw. */
const WRITER = `
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeUserFile } from ${JSON.stringify(path.join(REPO, 'src/shared/atomic-write.ts'))};
const file = path.join(process.env.DISK, 'en.yaml');
const before = 'language:\\n  name: English\\n'.repeat(100);
await writeFile(file, before);
const failure = await writeUserFile(file, 'x'.repeat(128 * 1024)).then(() => undefined, (error) => ({ name: error.name, message: error.message }));
const kept = (await readFile(file, 'utf8')) === before;
const files = await readdir(process.env.DISK);
await writeUserFile(file, 'language:\\n  name: Deutsch\\n');
console.log(JSON.stringify({ file, failure, kept, files, after: await readFile(file, 'utf8') }));
`;

describe('locale and lock files are written whole or not at all', () => {
  it('leaves the old file as it was, and no temporary file, when the disk fills up', async () => {
    const run = await onSmallDisk('size=64k', () => [process.execPath, '--import', 'tsx', '--input-type=module', '-e', WRITER], {
      NODE_PATH: path.join(REPO, 'node_modules'),
    });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout) as {
      file: string;
      failure?: { name: string; message: string };
      kept: boolean;
      files: string[];
      after: string;
    };
    expect(seen.failure).toEqual({
      name: 'EnvironmentError',
      message: `could not write ${seen.file}: the disk is full; the file is unchanged`,
    });
    expect(seen.kept).toBe(true);
    expect(seen.files).toEqual(['en.yaml']);
    expect(seen.after).toBe('language:\n  name: Deutsch\n');
  });
});
