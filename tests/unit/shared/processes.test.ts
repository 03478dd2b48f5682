import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endProcessGroup, runWithTimeLimit } from '../../../src/shared/processes.ts';
import { runningInGroup } from '../../support/processes.ts';

describe('ending a process group', () => {
  it('ends the leader and the helpers it started, and returns only once none of them runs', async () => {
    // A leader whose helpers would outlive it, as Chromium's network and storage helpers do.
    const leader = spawn('sh', ['-c', 'sleep 60 & sleep 60 & wait'], { detached: true, stdio: 'ignore' });
    leader.unref();
    const group = leader.pid!;
    for (let tries = 0; runningInGroup(group).length < 3 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runningInGroup(group).length).toBe(3);
    await endProcessGroup(group);
    expect(runningInGroup(group)).toEqual([]);
  });

  it('returns at once for a group that is gone', async () => {
    const started = Date.now();
    await endProcessGroup(2 ** 22 - 1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('programs started for the build, through the process launcher', () => {
  const step = { step: 'a test step', limitMs: 10_000 };

  it('runs a program with the environment and folder of the moment it is asked for, not of the launcher’s start', async () => {
    await runWithTimeLimit('true', [], step);
    process.env.KAARTENSET_TEST_WORD = 'set after the launcher started';
    try {
      const { stdout } = await runWithTimeLimit('sh', ['-c', 'echo "$KAARTENSET_TEST_WORD in $(pwd)"'], step);
      expect(stdout.trim()).toBe(`set after the launcher started in ${process.cwd()}`);
    } finally {
      delete process.env.KAARTENSET_TEST_WORD;
    }
  });

  it('fails as execFile fails: a missing program with ENOENT, a failing one with its exit code and output', async () => {
    await expect(runWithTimeLimit('kaartenset-no-such-program', [], step)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(runWithTimeLimit('sh', ['-c', 'echo broken >&2; exit 3'], step)).rejects.toMatchObject({ code: 3, stderr: 'broken\n' });
  });

  it('kills a program whose signal is aborted', async () => {
    const stop = new AbortController();
    const running = runWithTimeLimit('sh', ['-c', 'echo $$; exec sleep 600'], { ...step, limitMs: 600_000, signal: stop.signal });
    setTimeout(() => stop.abort(), 200);
    await expect(running).rejects.toMatchObject({ killed: true, signal: 'SIGKILL' });
  });

  it('runs a program when this process’s folder was removed meanwhile', async () => {
    const gone = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-gone-'));
    const before = process.cwd();
    process.chdir(gone);
    try {
      await rm(gone, { recursive: true });
      await expect(runWithTimeLimit('true', [], step)).resolves.toEqual({ stdout: '', stderr: '' });
    } finally {
      process.chdir(before);
    }
  });
});
