import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

/*
 * A bug, not a user's mistake: one line on the terminal, and the whole stack, in the lines of
 * src/ rather than of the compiled bundle, in a log file the line names.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A module loaded before the CLI that plants a bug: reading any cards.yaml throws a TypeError, as a bug in the loader would. */
async function plantedBug(): Promise<string> {
  const file = path.join(dir, 'plant-bug.mjs');
  await writeFile(
    file,
    `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const readFile = fs.promises.readFile;
fs.promises.readFile = async function (file, ...rest) {
  if (String(file).endsWith('cards.yaml')) throw new TypeError('a planted bug');
  return readFile.call(this, file, ...rest);
};
syncBuiltinESMExports();
`,
  );
  return file;
}

describe('an internal error', () => {
  it('prints one line naming the log, and writes the source-mapped stack there, not on the terminal', async () => {
    const state = path.join(dir, 'state');
    const result = await runCli(['check'], { env: { XDG_STATE_HOME: state, NODE_OPTIONS: `--import=${await plantedBug()}` } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const match = /^kaartenset: internal error: a planted bug — please report it with the log at (\S+)$/.exec(lines[0]!);
    expect(match, result.stderr).not.toBeNull();
    const log = match![1]!;
    expect(path.dirname(log)).toBe(path.join(state, 'kaartenset'));
    expect(await readdir(path.join(state, 'kaartenset'))).toEqual([path.basename(log)]);
    const text = await readFile(log, 'utf8');
    expect(text).toContain('command: kaartenset check');
    expect(text).toContain('TypeError: a planted bug');
    // Frames in the sources, at their lines: the bundle's source maps were read.
    expect(text).toMatch(/src\/deck\/yaml-source\.ts:\d+:\d+/);
    expect(text).toMatch(/src\/deck\/load-deck\.ts:\d+:\d+/);
    expect(text).not.toContain('.compiled/');
  });

  it('takes the same way for a bug in work nobody awaits', async () => {
    const timer = path.join(dir, 'timer-bug.mjs');
    // Thrown from a timer once the CLI listens for what nobody catches (or after 2 s): an uncaught exception.
    await writeFile(
      timer,
      `let ticks = 0;\nconst wait = setInterval(() => { if (process.listenerCount('uncaughtException') > 0 || ++ticks > 400) { clearInterval(wait); throw new TypeError('a planted timer bug'); } }, 5);\n`,
    );
    const state = path.join(dir, 'state');
    const result = await runCli(['check'], { env: { XDG_STATE_HOME: state, NODE_OPTIONS: `--import=${timer}` } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^kaartenset: internal error: a planted timer bug — please report it with the log at \S+$/);
    const [log] = await readdir(path.join(state, 'kaartenset'));
    expect(await readFile(path.join(state, 'kaartenset', log!), 'utf8')).toContain('TypeError: a planted timer bug');
  });

  it('is a problem of code internal-error with --json', async () => {
    const result = await runCli(['check', '--json'], {
      env: { XDG_STATE_HOME: path.join(dir, 'state'), NODE_OPTIONS: `--import=${await plantedBug()}` },
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      problems: [
        {
          code: 'internal-error',
          severity: 'error',
          message: 'a planted bug',
          hint: expect.stringMatching(/^please report it with the log at \//),
        },
      ],
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
