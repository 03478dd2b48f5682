import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

const exec = promisify(execFile);

/**
 * A 74 x 88 mm card: with 3 mm bleed its page is 302.36 x 355.28 CSS px, both just over a whole
 * pixel, the sizes Chromium rounded down when painting (the right and bottom 0.27 pt came out white).
 */
describe('full bleed on every edge', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/deck.yaml', (text) => text.replace('width: 63mm', 'width: 74mm'));
    await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('paints a full-colour back to all four edges of its page at 1200 dpi', async () => {
    const file = path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf');
    await exec('pdftoppm', ['-r', '1200', '-f', '2', '-l', '2', '-singlefile', '-png', file, project.file('back')]);
    const { data, info } = await sharp(project.file('back.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(Math.round((80 / 25.4) * 1200));
    expect(info.height).toBe(Math.round((94 / 25.4) * 1200));
    const white = (x: number, y: number) => {
      const at = (y * info.width + x) * 3;
      return data[at]! > 240 && data[at + 1]! > 240 && data[at + 2]! > 240;
    };
    // Every pixel of the outer 6 rows and columns (0.13 mm), away from the corners' antialiasing.
    const unpainted: string[] = [];
    for (let depth = 0; depth < 6; depth++) {
      for (let y = 10; y < info.height - 10; y += 7) {
        if (white(depth, y)) unpainted.push(`left ${depth},${y}`);
        if (white(info.width - 1 - depth, y)) unpainted.push(`right ${depth},${y}`);
      }
      for (let x = 10; x < info.width - 10; x += 7) {
        if (white(x, depth)) unpainted.push(`top ${x},${depth}`);
        if (white(x, info.height - 1 - depth)) unpainted.push(`bottom ${x},${depth}`);
      }
    }
    expect(unpainted.slice(0, 6), `${unpainted.length} white edge pixels`).toEqual([]);
  });
});
