import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmykTimeLimitMs, convertToCmyk } from '../../../src/cmyk/cmyk.ts';
import { BuildError } from '../../../src/shared/errors.ts';
import { isProcessRunning } from '../../../src/shared/processes.ts';

const ICC = '/usr/share/color/icc/ghostscript/default_cmyk.icc';

let dir: string;
let savedPath: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-hanging-gs-'));
  // A Ghostscript that answers --version and then hangs on every file, noting its process id.
  await writeFile(
    path.join(dir, 'gs'),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo 10.0; exit 0; fi\necho $$ > "${dir}/pid"\nexec sleep 600\n`,
  );
  await chmod(path.join(dir, 'gs'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});

describe('Ghostscript runs within a time limit scaled to the file', () => {
  it('stops a hanging Ghostscript at the limit and names the step', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    const input = path.join(dir, 'sheets-press.pdf');
    await writeFile(input, await doc.save());
    const started = Date.now();
    const failure = await convertToCmyk(input, path.join(dir, 'out.pdf'), { icc: ICC, pdfx: 'PDF/X-3:2002', timeLimitMs: 1500 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toMatch(
      /^Ghostscript converting sheets-press\.pdf to CMYK PDF\/X-3:2002 did not finish within 2 s, and was stopped: is Ghostscript hanging/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isProcessRunning(Number(await readFile(path.join(dir, 'pid'), 'utf8')))).toBe(false);
  });

  it('gives a larger file more time', () => {
    expect(cmykTimeLimitMs(100_000)).toBeGreaterThanOrEqual(60_000);
    expect(cmykTimeLimitMs(50 * 1024 * 1024)).toBeGreaterThan(cmykTimeLimitMs(1024 * 1024) + 10 * 60_000);
  });
});
