import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/fixtures.ts';
import { browsersOf } from '../../support/processes.ts';


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Ctrl-C during a build', () => {
  it('closes the browser and exits 130, leaving no Chromium, staging folder or profile behind', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-interrupt-'));
    try {
      const cli = spawn(process.execPath, [path.join(REPO, 'bin', 'kaartenset.js'), 'build', '--deck', 'swan', '--out', out], { cwd: REPO });
      let browsers: number[] = [];
      const exit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      // Chromium starts when the first print is needed; interrupt once it runs.
      for (let tries = 0; browsers.length === 0 && tries < 600; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        browsers = browsersOf(cli.pid!);
      }
      cli.kill('SIGINT');
      expect(browsers.length).toBeGreaterThan(0);
      expect(await exit).toBe(130);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(browsers.filter(isAlive)).toEqual([]);
      // Nothing of the interrupted run is left: no staging folder, no lock, no browser profile.
      expect((await readdir(out)).filter((name) => name.startsWith('.staging-') || name === '.kaartenset-lock')).toEqual([]);
      expect((await readdir(os.tmpdir())).filter((name) => name.startsWith(`kaartenset-chromium-${cli.pid}-`))).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
