import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { sharedBuild } from '../../support/built.ts';
import { REPO } from '../../support/fixtures.ts';

/** Every file below `dir`, as paths relative to it. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Processes that keep every core busy (and then some) until stopped: a shared, overloaded machine.
 * Each also stops when this process is gone (a test worker killed at its time limit), or it would
 * load the machine for every run after.
 */
const BUSY_LOOP =
  'const parent = process.ppid; let x = 0; for (let i = 1; ; i++) { x = (x * 31 + 7) % 1000003; if (i % 1e7 === 0 && process.ppid !== parent) process.exit(); }';
function loadTheMachine(): ChildProcess[] {
  return Array.from({ length: os.availableParallelism() * 2 }, () => spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }));
}

/*
 * Font loading, image decoding and the fit passes wait for a state, never for a clock: a build made
 * while the machine is overloaded is the same, byte for byte, as one made on a quiet machine.
 */
describe('a build made while CPU-bound processes load the machine', { timeout: 600_000 }, () => {
  let quiet: string;
  let loaded: string;
  let parent: string;

  beforeAll(async () => {
    quiet = path.join(await sharedBuild(), 'swan', 'nl');
    parent = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-loaded-'));
    const load = loadTheMachine();
    try {
      await buildDecks({ root: REPO, out: parent, decks: ['swan'], languages: ['nl'] });
    } finally {
      for (const child of load) child.kill('SIGKILL');
    }
    loaded = path.join(parent, 'swan', 'nl');
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('writes the same files as the build of the same inputs on a quiet machine', async () => {
    expect(await filesBelow(loaded)).toEqual(await filesBelow(quiet));
  });

  it('writes every one of them byte for byte the same', async () => {
    const differing: string[] = [];
    for (const file of await filesBelow(quiet)) {
      const [a, b] = await Promise.all([readFile(path.join(quiet, file)), readFile(path.join(loaded, file))]);
      if (!a.equals(b)) differing.push(file);
    }
    expect(differing).toEqual([]);
  });
});
