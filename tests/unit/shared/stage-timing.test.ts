import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StageStore } from '../../../src/shared/stage-store.ts';
import { StageClock } from '../../../src/shared/stage-timing.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const store = async (reuse: boolean) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kaartenset-clock-'));
  folders.push(dir);
  return StageStore.open(dir, { reuse });
};

describe("a build's stage profile", () => {
  it('counts each stage run that made its output, by stage and kind, and no run served from the store', async () => {
    const stages = await store(true);
    const made = async () => ({ result: 1, files: {} });
    await stages.run('sheets', 'a', made, 'school');
    await stages.run('sheets', 'a', made, 'school');
    await stages.run('sheets', 'b', made, 'press');
    await stages.run('sheets', 'c', made, 'school');
    await stages.run('cards', 'a', made);
    expect(stages.clock.report().map(({ stage, runs }) => ({ stage, runs }))).toEqual([
      { stage: 'sheets: school', runs: 2 },
      { stage: 'sheets: press', runs: 1 },
      { stage: 'cards', runs: 1 },
    ]);
  });

  it('times a stage that throws, and gives its error on', async () => {
    const clock = new StageClock();
    await expect(clock.time('preflight', () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    const [time] = clock.report();
    expect(time).toEqual({ stage: 'preflight', runs: 1, wallMs: expect.any(Number), cpuMs: expect.any(Number) });
    expect(time!.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('is shared by every view of the store, so the stages of all sets add up in one profile', async () => {
    const stages = await store(false);
    await stages.view().run('faces', 'nl', async () => ({ result: null, files: {} }));
    await stages.view().run('faces', 'en', async () => ({ result: null, files: {} }));
    expect(stages.clock.report()).toEqual([expect.objectContaining({ stage: 'faces', runs: 2 })]);
  });
});
