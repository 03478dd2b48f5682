import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputFolder, storeFolder } from '../../../src/output/output-folder.ts';
import { BuildError } from '../../../src/shared/errors.ts';
import { processStartTime } from '../../../src/shared/processes.ts';

let root: string;
let out: string;
const claim = () => OutputFolder.claim({ out, sources: [path.join(root, 'deck')], sets: [] });

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-leftovers-'));
  out = path.join(root, 'dist');
  // A folder marked as the build's: made, claimed once and released.
  await mkdir(out);
  await (await claim()).release();
});

afterEach(() => rm(root, { recursive: true, force: true }));

describe('the lock names a process and when it started', () => {
  it('records the process id and its start time', async () => {
    const folder = await claim();
    try {
      expect((await readFile(path.join(out, '.kaartenset-lock'), 'utf8')).trim()).toBe(
        `${process.pid} ${await processStartTime(process.pid)}`,
      );
    } finally {
      await folder.release();
    }
  });

  it('takes over a lock whose process id now belongs to another process (started at another time)', async () => {
    await writeFile(path.join(out, '.kaartenset-lock'), `${process.pid} 1\n`);
    const folder = await claim();
    await folder.release();
  });

  it('still refuses a lock of a process that runs, started when the lock says', async () => {
    await writeFile(path.join(out, '.kaartenset-lock'), `${process.pid} ${await processStartTime(process.pid)}\n`);
    await expect(claim()).rejects.toBeInstanceOf(BuildError);
  });
});

describe('only what a build recorded is cleared as leftovers', () => {
  it("keeps a user's files named like leftovers, and clears a killed build's staging and temporary files", async () => {
    const dead = await deadPid();
    await mkdir(path.join(out, '.staging-notes'));
    await writeFile(path.join(out, '.staging-notes', 'mine.txt'), 'mine');
    await writeFile(path.join(out, 'notes.tmp-123-ab'), 'mine');
    await writeFile(path.join(out, `notes.txt.tmp-${dead}-0123abcd`), 'mine');
    // A build killed while it held the folder: its staging folder (recorded in the marker) and a half-written marker.
    const killed = await claim();
    const staging = path.basename(killed.staging);
    await writeFile(path.join(out, `.kaartenset-output.json.tmp-${dead}-0123abcd`), 'half');
    await writeFile(path.join(out, '.kaartenset-lock'), `${dead}\n`);
    await mkdir(storeFolder(out), { recursive: true });
    await writeFile(path.join(storeFolder(out), `faces-abc.tmp-${dead}-89abcdef`), 'half');

    await (await claim()).release();
    const left = (await readdir(out)).sort();
    expect(left).not.toContain(staging);
    expect(left).toEqual(['.kaartenset-output.json', '.staging-notes', 'notes.tmp-123-ab', `notes.txt.tmp-${dead}-0123abcd`]);
    expect(await readdir(storeFolder(out))).toEqual([]);
    expect(await readFile(path.join(out, '.staging-notes', 'mine.txt'), 'utf8')).toBe('mine');
  });
});

describe('a build that cannot publish every set', () => {
  it('says which sets it replaced and which are still as before', async () => {
    const folder = await OutputFolder.claim({ out, sources: [], sets: ['a', 'b', 'c'].map((deck) => ({ deck, language: 'nl' })) });
    try {
      for (const deck of ['a', 'b', 'c']) {
        await mkdir(folder.stagedSet(deck, 'nl'), { recursive: true });
        await writeFile(path.join(folder.stagedSet(deck, 'nl'), 'cards.pdf'), deck);
      }
      // Something in the way of the second set (a full disk does the same, at any set).
      await writeFile(path.join(out, 'b'), 'in the way');
      const set = (deck: string) => ({ deck, language: 'nl', inputs: deck, files: { 'cards.pdf': deck }, made: [] });
      const failure = await folder.publishSets(['a', 'b', 'c'].map(set)).catch((error: unknown) => error);
      expect((failure as Error).message).toBe(
        `${path.join(out, 'b')} is in the way (a file where a folder should be); choose another --out; in ${out} this build replaced a/nl, while b/nl, c/nl are still as before`,
      );
      expect(await readFile(path.join(out, 'a', 'nl', 'cards.pdf'), 'utf8')).toBe('a');
    } finally {
      await folder.release();
    }
  });
});
