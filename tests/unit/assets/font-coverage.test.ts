import fontkit from '@pdf-lib/fontkit';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codePointsOf } from '../../../src/assets/font-coverage.ts';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';

const latin = BUNDLED_FONTS.find((face) => face.family.startsWith('Source Sans'))!;
const arabic = BUNDLED_FONTS.find((face) => face.family.includes('Arabic'))!;
const characterSet = async (file: string) => new Set(fontkit.create(await readFile(file)).characterSet);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-coverage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the code points a font covers', () => {
  it('are the characters fontkit reads from the font, whether parsed now or taken from the cache', async () => {
    const font = path.join(dir, 'font.ttf');
    await copyFile(latin.file, font);
    const parsed = await codePointsOf(font);
    expect([...parsed].sort()).toEqual([...(await characterSet(latin.file))].sort());
    // The same file seen by another process: the cached runs give the same set.
    const module = path.resolve('src/assets/font-coverage.ts');
    const script = `import(${JSON.stringify(module)}).then(async (m) => console.log([...(await m.codePointsOf(${JSON.stringify(font)}))].join(',')))`;
    const fromCache = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim().split(',').map(Number);
    expect(fromCache.sort()).toEqual([...parsed].sort());
  });

  it('are read again when the file is replaced, in the same process (a deck font changed while dev runs)', async () => {
    const font = path.join(dir, 'deck-font.ttf');
    await copyFile(latin.file, font);
    expect((await codePointsOf(font)).has(0x0628)).toBe(false);
    await copyFile(arabic.file, font);
    await utimes(font, new Date(), new Date(Date.now() + 5000));
    expect((await codePointsOf(font)).has(0x0628)).toBe(true);
  });
});
