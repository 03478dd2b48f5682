import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/fixtures.ts';
import { browsersOf, isRunning, runningInGroup } from '../../support/processes.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject } from '../../support/project.ts';

describe('Ctrl-C during a build', () => {
  it('closes the browser and exits 130, leaving no Chromium, staging folder or profile behind', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-interrupt-'));
    try {
      const cli = spawn(process.execPath, [path.join(REPO, 'bin', 'kaartenset.js'), 'build', '--deck', 'swan', '--out', out], {
        cwd: REPO,
      });
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
      // Chromium's helpers (network, storage) would write into its profile for a moment after it exits.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(browsers.filter(isRunning)).toEqual([]);
      expect(browsers.flatMap(runningInGroup)).toEqual([]);
      // Nothing of the interrupted run is left: no staging folder, no lock, no browser profile.
      expect((await readdir(out)).filter((name) => name.startsWith('.staging-') || name === '.kaartenset-lock')).toEqual([]);
      expect((await readdir(os.tmpdir())).filter((name) => name.startsWith(`kaartenset-chromium-${cli.pid}-`))).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('removes the --out folder it made itself when nothing was published in it yet', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-interrupt-'));
    const out = path.join(parent, 'dist');
    try {
      const cli = spawn(
        process.execPath,
        [path.join(REPO, 'bin', 'kaartenset.js'), 'build', '--deck', 'swan', '--lang', 'nl', '--out', out],
        { cwd: REPO },
      );
      let stderr = '';
      cli.stderr.on('data', (chunk) => (stderr += chunk));
      const exit = new Promise<number | null>((resolve) => cli.on('close', (code) => resolve(code)));
      // Interrupted as soon as the folder is there, at whatever step of claiming it the build is.
      for (let tries = 0; !existsSync(out) && tries < 3000; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(existsSync(out)).toBe(true);
      cli.kill('SIGINT');
      expect(await exit, stderr).toBe(130);
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('ends at once during a long parse: a cards file near the size limit takes seconds to read', async () => {
    const project = await tempProject(['mini']);
    try {
      // About 4 MB of valid cards (the limit is 4 MB): reading it takes several seconds of one synchronous parse.
      const card = (i: number) => `  - id: card-${i}\n    template: condition\n    category: basis\n    picto: target\n`;
      const cards = ['cards:\n'];
      for (let i = 0, size = 0; size < 3.8 * 1024 * 1024; i++) size += cards[cards.push(card(i)) - 1]!.length;
      await writeFile(project.file('deck', 'mini', 'cards.yaml'), cards.join(''));
      // Started once before, so the CLI is compiled and starts in well under a second.
      await runCli(['--help']);
      const cli = spawn(process.execPath, [path.join(REPO, 'bin', 'kaartenset.js'), '--root', project.root, 'check', '--deck', 'mini'], {
        cwd: project.root,
      });
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        cli.on('exit', (code, signal) => resolve({ code, signal })),
      );
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const interrupted = Date.now();
      cli.kill('SIGINT');
      const ended = await exit;
      expect(Date.now() - interrupted).toBeLessThan(1000);
      expect(ended.signal === 'SIGINT' || ended.code === 130, JSON.stringify(ended)).toBe(true);
    } finally {
      await project.cleanup();
    }
  }, 60_000);
});
