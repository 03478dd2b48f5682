import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeAllBrowsers, launchBrowser } from '../../../src/print/browser.ts';

let temp: string;
const saved = process.env.TMPDIR;

beforeEach(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-tmpdir-'));
  process.env.TMPDIR = temp;
});

afterEach(async () => {
  process.env.TMPDIR = saved;
  await rm(temp, { recursive: true, force: true });
});

describe('Chromium leaves nothing in the temporary folder', () => {
  it('removes its profile and its own temporary folder when an interrupt kills it', async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.setContent('<p>a print</p>');
    await page.pdf();
    expect((await readdir(temp)).sort()).toEqual([
      expect.stringMatching(/^kaartenset-chromium-/),
      expect.stringMatching(/^\.?org\.chromium\.Chromium\./),
    ]);
    // What Ctrl-C runs: every browser ended at once, not asked to close.
    await closeAllBrowsers();
    expect(await readdir(temp)).toEqual([]);
  });
});
