import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endProcessGroup } from '../../../src/shared/processes.ts';
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
