import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../src/print/browser.ts';
import { EnvironmentError } from '../../../src/shared/errors.ts';
import { isProcessRunning } from '../../../src/shared/processes.ts';

let dir: string;
const saved = process.env.PUPPETEER_EXECUTABLE_PATH;

const profiles = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith(`kaartenset-chromium-${process.pid}-`));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-silent-chromium-'));
  // A "Chromium" that starts, notes its process id and never answers on its pipe.
  await writeFile(path.join(dir, 'chromium'), `#!/bin/sh\necho $$ > "${dir}/pid"\nexec sleep 600\n`);
  await chmod(path.join(dir, 'chromium'), 0o755);
  await writeFile(path.join(dir, 'not-a-program'), 'text');
});

afterEach(() => {
  process.env.PUPPETEER_EXECUTABLE_PATH = saved;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('starting Chromium fails in words, in bounded time', () => {
  it('stops a Chromium that never answers at the start limit, and leaves no process or profile', async () => {
    process.env.PUPPETEER_EXECUTABLE_PATH = path.join(dir, 'chromium');
    const started = Date.now();
    const failure = await launchBrowser({ startLimitMs: 1500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as Error).message).toBe(
      `Chromium at ${dir}/chromium did not answer within 2 s of starting, and was stopped; is it a working Chrome or Chromium (set PUPPETEER_EXECUTABLE_PATH to one), or is the machine overloaded?`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(async () => isProcessRunning(Number(await readFile(path.join(dir, 'pid'), 'utf8')))).toBe(false);
    expect(await profiles()).toEqual([]);
  });

  it('names PUPPETEER_EXECUTABLE_PATH pointing at a folder or at a file that is no program', async () => {
    process.env.PUPPETEER_EXECUTABLE_PATH = dir;
    await expect(launchBrowser()).rejects.toThrow(
      `PUPPETEER_EXECUTABLE_PATH points to ${dir}, which is a folder; set it to the Chrome or Chromium program itself`,
    );
    process.env.PUPPETEER_EXECUTABLE_PATH = path.join(dir, 'not-a-program');
    await expect(launchBrowser()).rejects.toThrow(/which is not a program this user may run/);
  });
});
