import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INK_DPI, startCmykRender, startRgbRender } from '../../../src/preflight/ink-coverage.ts';
import { BuildError } from '../../../src/shared/errors.ts';
import { isProcessRunning } from '../../../src/shared/processes.ts';

let dir: string;
let file: string;
let savedPath: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-hanging-render-'));
  // A mutool, a pdftoppm and a Ghostscript that hang on every file, each noting its process id.
  for (const tool of ['mutool', 'pdftoppm', 'gs']) {
    await writeFile(path.join(dir, tool), `#!/bin/sh\necho $$ > "${dir}/${tool}.pid"\nexec sleep 600\n`);
    await chmod(path.join(dir, tool), 0o755);
  }
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  file = path.join(dir, 'cards.pdf');
  await writeFile(file, await doc.save());
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});

describe("preflight's renders run within a time limit", () => {
  it.each([
    [
      'mutool',
      () => startRgbRender(file, { count: 1, cropped: false }, INK_DPI, 1500).visit(() => undefined),
      /^mutool rendering cards\.pdf for preflight did not finish/,
    ],
    [
      'pdftoppm',
      () => startRgbRender(file, { count: 1, cropped: true }, INK_DPI, 1500).visit(() => undefined),
      /^pdftoppm rendering cards\.pdf for preflight did not finish/,
    ],
    [
      'gs',
      () => startCmykRender(file, INK_DPI, 1500).visit(() => undefined),
      /^Ghostscript rendering cards\.pdf to CMYK for preflight did not finish/,
    ],
  ])('stops a hanging %s at the limit and names the step', async (tool, render, message) => {
    const started = Date.now();
    const failure = await render().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isProcessRunning(Number(await readFile(path.join(dir, `${tool}.pid`), 'utf8')))).toBe(false);
  });
});

describe('a render preflight no longer needs', () => {
  it.each([
    ['mutool', () => startRgbRender(file, { count: 1, cropped: false }, INK_DPI, 600_000)],
    ['pdftoppm', () => startRgbRender(file, { count: 1, cropped: true }, INK_DPI, 600_000)],
    ['gs', () => startCmykRender(file, INK_DPI, 600_000)],
  ])('is stopped when discarded (%s), not waited for: a damaged file is told at once', async (tool, start) => {
    await rm(path.join(dir, `${tool}.pid`), { force: true });
    const render = start();
    // Discarded once the program runs, far inside its time limit.
    for (let tries = 0; tries < 200 && !(await readFile(path.join(dir, `${tool}.pid`), 'utf8').catch(() => '')); tries++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await render.discard();
    expect(isProcessRunning(Number(await readFile(path.join(dir, `${tool}.pid`), 'utf8')))).toBe(false);
  });
});
