import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, symlink, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { REPO } from '../../support/fixtures.ts';
import { onSmallDisk } from '../../support/small-disk.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { browsersOf, isRunning } from '../../support/processes.ts';

/** A message for people: one `kaartenset:` line, no stack frames. */
function expectPlainMessage(stderr: string, words: RegExp): void {
  expect(stderr).toMatch(words);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("output folders are the build's alone", { timeout: 300_000 }, () => {
  let project: TempProject;
  const buildArgs = (...args: string[]) => ['--root', project.root, 'build', '--deck', 'mini', '--no-previews', ...args];
  const build = (...args: string[]) => runCli(buildArgs(...args), { cwd: project.root });
  const buildCommand = (...args: string[]) => [process.execPath, path.join(REPO, 'bin', 'kaartenset.js'), ...buildArgs(...args)];
  let built: Promise<string> | undefined;
  /** A folder holding a finished build of the project, made once and copied for each test to break in its own way. */
  const builtOut = async (name: string) => {
    built ??= build('--out', project.file('built')).then((result) => {
      expect(result.code, result.stderr).toBe(0);
      return project.file('built');
    });
    const out = project.file(name);
    await cp(await built, out, { recursive: true });
    return out;
  };

  beforeAll(async () => {
    project = await tempProject(['mini']);
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it.each([['deck'], ['deck/mini'], ['deck/mini/locales'], ['templates'], ['pictos/extra']])(
    'refuses --out %s, inside the sources, and changes nothing there',
    async (out) => {
      const before = await filesUnder(project.file('deck'));
      const result = await build('--out', out);
      expect(result.code).toBe(1);
      expectPlainMessage(result.stderr, /holds the project's sources/);
      expect(await filesUnder(project.file('deck'))).toEqual(before);
      expect(existsSync(project.file('pictos', 'extra'))).toBe(false);
    },
  );

  it.each([
    ['a link to a deck folder', 'mini-link', 'deck/mini'],
    ['a folder under a link to deck/', 'deck-link/dist', 'deck'],
  ])('refuses --out through %s, judged where the link leads, and changes nothing there', async (_, out, target) => {
    await symlink(project.file(target), project.file(out.split('/')[0]!));
    const before = await filesUnder(project.file('deck'));
    const result = await build('--out', out);
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, new RegExp(`--out .*${out} leads through a link to .*${target}.* holds the project's sources`));
    expect(await filesUnder(project.file('deck'))).toEqual(before);
  });

  it.each([['../../../elsewhere/en'], ['en/../../x'], ['nl\\..'], ['EN']])(
    'refuses --lang %j as no language code, and writes nothing',
    async (lang) => {
      const result = await build('--out', 'lang-out', '--lang', lang);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`kaartenset: --lang: "${lang}" is not a language code`);
      expect(existsSync(project.file('lang-out'))).toBe(false);
      expect(existsSync(project.file('elsewhere'))).toBe(false);
    },
  );

  it('refuses a folder holding files it did not write, and keeps them', async () => {
    const out = project.file('mine');
    await mkdir(path.join(out, 'mini'), { recursive: true });
    await writeFile(path.join(out, 'mini', 'notes.txt'), 'mine');
    await writeFile(path.join(out, 'index.html'), 'my page');
    const result = await build('--out', out);
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /holds files kaartenset did not write/);
    expect(await filesUnder(out)).toEqual(['index.html', 'mini/notes.txt']);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('my page');
  });

  it('says so when --out is a file', async () => {
    await writeFile(project.file('a-file'), 'x');
    const result = await build('--out', project.file('a-file'));
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /is a file, not a folder/);
    expect(await readFile(project.file('a-file'), 'utf8')).toBe('x');
  });

  it('says so when --out is a link to a place that is not there (a drive not mounted)', async () => {
    const link = project.file('unmounted');
    await symlink(project.file('no-such-drive', 'dist'), link);
    const result = await build('--out', link);
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /is a link to .*no-such-drive\/dist, which does not exist/);
  });

  it('says so when writing --out is not permitted', async () => {
    const result = await build('--out', '/sys/kaartenset-out');
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /kaartenset: .*(not permit|no permission|read-only)/);
  });

  it('says so when --out is on a read-only file system', async () => {
    const result = await onSmallDisk('ro,size=64k', (disk) => buildCommand('--out', path.join(disk, 'dist')));
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /read-only file system/);
  });

  it('refuses a second build into an --out that a running build holds', async () => {
    const out = await builtOut('locked');
    const holder = spawn('sleep', ['30']);
    try {
      await writeFile(path.join(out, '.kaartenset-lock'), `${holder.pid}\n`);
      const second = await build('--out', out);
      expect(second.code).toBe(1);
      expectPlainMessage(second.stderr, new RegExp(`another kaartenset build \\(process ${holder.pid}\\) is writing into`));
    } finally {
      holder.kill();
    }
  });

  it('with --wait, waits for the build holding --out, says so, and builds once that build is done; gives up after the time given', async () => {
    const out = await builtOut('waited');
    const lock = path.join(out, '.kaartenset-lock');
    const holder = spawn('sleep', ['60']);
    try {
      await writeFile(lock, `${holder.pid}\n`);
      const short = await build('--out', out, '--wait', '1');
      expect(short.code).toBe(1);
      expectPlainMessage(
        short.stderr,
        new RegExp(`another kaartenset build \\(process ${holder.pid}\\) was still writing into .* after 1 s`),
      );
      const second = spawn(
        process.execPath,
        [
          path.join(REPO, 'bin', 'kaartenset.js'),
          '--root',
          project.root,
          'build',
          '--deck',
          'mini',
          '--no-previews',
          '--out',
          out,
          '--wait',
          '120',
        ],
        { cwd: project.root },
      );
      let stdout = '';
      second.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const exit = new Promise<number | null>((resolve) => second.on('exit', (code) => resolve(code)));
      for (let tries = 0; !stdout.includes('waiting for another') && tries < 1200; tries++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toMatch(new RegExp(`waiting for another kaartenset build \\(process ${holder.pid}\\) to finish writing into`));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // The first build finishes: its lock goes, and the waiting build takes the folder.
      const released = Date.now();
      await rm(lock);
      expect(await exit, stdout).toBe(0);
      expect((await stat(path.join(out, 'index.html'))).mtimeMs).toBeGreaterThanOrEqual(released);
      expect(existsSync(lock)).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it('ends a wait for --out at Ctrl-C at once, without taking the folder', async () => {
    const out = await builtOut('waited-interrupted');
    const lock = path.join(out, '.kaartenset-lock');
    const holder = spawn('sleep', ['60']);
    try {
      await writeFile(lock, `${holder.pid}\n`);
      const cli = spawn(
        process.execPath,
        [
          path.join(REPO, 'bin', 'kaartenset.js'),
          '--root',
          project.root,
          'build',
          '--deck',
          'mini',
          '--no-previews',
          '--out',
          out,
          '--wait',
          '60',
        ],
        { cwd: project.root },
      );
      let stdout = '';
      cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const exit = new Promise<NodeJS.Signals | null>((resolve) => cli.on('exit', (_code, signal) => resolve(signal)));
      for (let tries = 0; !stdout.includes('waiting for another') && tries < 600; tries++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toContain('waiting for another');
      const interrupted = Date.now();
      cli.kill('SIGINT');
      // Nothing of its own to undo yet: the command ends as Ctrl-C ends any program (exit status 130 in a shell).
      expect(await exit).toBe('SIGINT');
      expect(Date.now() - interrupted).toBeLessThan(3000);
      // The lock is still the other build's.
      expect((await readFile(lock, 'utf8')).trim()).toBe(String(holder.pid));
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock and clears the staging folder of a build that was killed', async () => {
    const out = await builtOut('killed');
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(path.join(out, '.kaartenset-lock'), `${dead.pid}\n`);
    // What a build killed mid-way leaves: a staging folder its record names, a half-written page.
    const marker = path.join(out, '.kaartenset-output.json');
    await writeFile(marker, JSON.stringify({ ...JSON.parse(await readFile(marker, 'utf8')), staging: ['.staging-leftover'] }));
    await mkdir(path.join(out, '.staging-leftover', 'sets'), { recursive: true });
    await writeFile(path.join(out, `index.html.tmp-${dead.pid}-0123abcd`), 'half');
    const result = await build('--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['.kaartenset-output.json', 'index.html', 'mini', 'print-page.js']);
  });

  it('says so when its record of the folder is damaged, instead of calling its own files foreign', async () => {
    const out = await builtOut('damaged');
    await writeFile(path.join(out, '.kaartenset-output.json'), '{"kaartenset": 1, "sets": {');
    const result = await build('--out', out);
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /the build's record of what it wrote there \(\.kaartenset-output\.json\) is damaged/);
    expect(result.stderr).not.toContain('did not write');
  });

  it('refuses to replace a set folder holding a file it did not write', async () => {
    const out = await builtOut('foreign');
    await writeFile(path.join(out, 'mini', 'nl', 'my-notes.txt'), 'keep me');
    const result = await build('--out', out);
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /my-notes\.txt/);
    expect(await readFile(path.join(out, 'mini', 'nl', 'my-notes.txt'), 'utf8')).toBe('keep me');
  });

  it('names a broken Chromium binary instead of printing a stack trace', async () => {
    const broken = project.file('broken-chromium');
    await writeFile(broken, '#!/bin/sh\necho "error while loading shared libraries: libfoo.so" >&2\nexit 127\n');
    await chmod(broken, 0o755);
    const result = await runCli(
      ['--root', project.root, 'build', '--deck', 'mini', '--no-previews', '--force', '--out', project.file('broken-out')],
      {
        cwd: project.root,
        env: { PUPPETEER_EXECUTABLE_PATH: broken },
      },
    );
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /Chromium at .*broken-chromium could not be started/);
    // A first build into a new folder that failed before publishing anything leaves no folder behind.
    expect(existsSync(project.file('broken-out'))).toBe(false);
  });

  it('says the disk is full, and leaves nothing of the failed build behind', async () => {
    const result = await onSmallDisk('size=1m', (disk) => buildCommand('--out', path.join(disk, 'dist')));
    expect(result.code).toBe(1);
    expectPlainMessage(result.stderr, /disk is full/);
    // A first build into a new folder that failed leaves no folder at all.
    expect(result.left).toEqual([]);
  });
});

describe('partial builds', { timeout: 300_000 }, () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(['mini']);
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('replace only their own language and keep every built set on the index page', async () => {
    const build = (language: string) =>
      runCli(['--root', project.root, 'build', '--lang', language, '--no-previews', '--out', project.out], { cwd: project.root });
    expect((await build('nl')).code).toBe(0);
    const dutch = await readFile(path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf'));
    const result = await build('en');
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf'))).toEqual(dutch);
    expect(existsSync(path.join(project.out, 'mini', 'en', 'mini-en-cards.pdf'))).toBe(true);
    const index = await readFile(path.join(project.out, 'index.html'), 'utf8');
    expect(index).toContain('href="mini/nl/mini-nl-cards.pdf"');
    expect(index).toContain('href="mini/en/mini-en-cards.pdf"');
  });
});

describe('a build killed with kill -9', { timeout: 300_000 }, () => {
  it('leaves no Chromium running, and the next build clears its staging and profile folders', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-kill-'));
    try {
      const cli = spawn(
        process.execPath,
        [path.join(REPO, 'bin', 'kaartenset.js'), 'build', '--deck', 'swan', '--lang', 'nl', '--force', '--out', out],
        { cwd: REPO },
      );
      const exit = new Promise((resolve) => cli.on('exit', resolve));
      let browsers: number[] = [];
      const staged = async () => (await readdir(out)).some((name) => name.startsWith('.staging-'));
      // Killed mid-build: Chromium running and the staging folder made.
      for (let tries = 0; (browsers.length === 0 || !(await staged())) && tries < 600; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        browsers = browsersOf(cli.pid!);
      }
      expect(browsers.length).toBeGreaterThan(0);
      const profiles = () =>
        readdir(os.tmpdir()).then((names) => names.filter((name) => name.startsWith(`kaartenset-chromium-${cli.pid}-`)));
      expect(await profiles()).toHaveLength(1);
      cli.kill('SIGKILL');
      await exit;
      for (let tries = 0; browsers.some(isRunning) && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(browsers.filter(isRunning)).toEqual([]);
      expect((await readdir(out)).some((name) => name.startsWith('.staging-'))).toBe(true);

      const next = await runCli(['build', '--deck', 'swan', '--lang', 'nl', '--no-previews', '--force', '--out', out]);
      expect(next.code, next.stderr).toBe(0);
      expect((await readdir(out)).filter((name) => name.startsWith('.staging-'))).toEqual([]);
      expect(await profiles()).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
