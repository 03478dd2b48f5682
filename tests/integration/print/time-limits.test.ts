import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, type Browser } from '../../../src/print/browser.ts';
import { printFaces, printTimeLimitMs } from '../../../src/print/print-faces.ts';
import { EnvironmentError } from '../../../src/shared/errors.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject([]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeBrowser(browser);
  await project.cleanup();
});

describe('Chromium prints within a time limit scaled to the faces', () => {
  it('says what did not finish and what on a face can cause it, not that a template ran a script', async () => {
    // A face drawing thousands of blurred shapes: the kind of picto that keeps Chromium busy.
    const shapes = Array.from({ length: 4000 }, (_, i) => `<circle cx="${i % 97}" cy="${i % 89}" r="40" filter="url(#b)"/>`).join('');
    const htmlFile = project.file('heavy.html');
    await writeFile(
      htmlFile,
      `<!doctype html><html><head><meta charset="utf-8"></head><body><section class="face"><svg viewBox="0 0 100 100" width="2000" height="2000"><filter id="b"><feGaussianBlur stdDeviation="30"/></filter>${shapes}</svg></section></body></html>`,
    );
    const failure = await printFaces(browser, { htmlFile, allowedFiles: [], minFontPt: 7, bleedPt: 8.5, safePt: 14, timeoutMs: 50 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as Error).message).toMatch(
      /^Chromium did not finish printing heavy\.html within 0 s \(.*\); a face may draw something too heavy to print \(a picto with very many shapes or filters, a large image\)/,
    );
    expect((failure as Error).message).not.toMatch(/script/);
  });

  it('gives a chunk of many faces more time than one face', () => {
    expect(printTimeLimitMs(300)).toBeGreaterThan(printTimeLimitMs(1) + 60_000);
  });
});
