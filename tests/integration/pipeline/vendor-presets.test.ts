import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';
import { runCli } from '../../support/cli.ts';
import { ghostscriptPdfxComplaints, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

const VENDORS = ['drivethrucards', 'makeplayingcards', 'thegamecrafter'];

/**
 * A poker-size deck made as a user makes one (`kaartenset new`), with its first card printed twice,
 * and an A7 deck (SWAN's size), which none of the vendors prints.
 */
async function pokerProject(): Promise<TempProject> {
  const project = await tempProject([]);
  for (const [name, size] of [
    ['poker', 'poker'],
    ['odd', 'a7'],
  ]) {
    const made = await runCli(['--root', project.root, 'new', name!, '--size', size!]);
    expect(made.code, made.stderr).toBe(0);
    // Only the press sheets: the vendors' files are made from cards.pdf, the school sheets would only cost time.
    await project.edit(`deck/${name}/deck.yaml`, (text) => text.replace(/^profiles: .*$/m, 'profiles: [press-sra3]'));
  }
  await project.edit('deck/poker/cards.yaml', (text) => text.replace('{ id: welcome,', '{ id: welcome, count: 2,'));
  return project;
}

/**
 * Whether every pixel on the PNG's edges is inked (not paper white): the bleed reaches the edge. A
 * back is colour all over; a front only along its top, where its header band runs off the card.
 */
async function edgesInked(file: string, only?: 'top'): Promise<boolean> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => (y * info.width + x) * info.channels;
  const edges: Array<[number, number]> = [];
  for (let x = 0; x < info.width; x++) edges.push([x, 0], ...(only ? [] : [[x, info.height - 1] as [number, number]]));
  for (let y = 0; y < (only ? 0 : info.height); y++) edges.push([0, y], [info.width - 1, y]);
  return edges.every(([x, y]) => data[at(x, y)]! < 200 || data[at(x, y) + 1]! < 200 || data[at(x, y) + 2]! < 200);
}

describe('print-on-demand vendor presets (--vendor)', () => {
  let project: TempProject;
  let dir: string;
  beforeAll(async () => {
    project = await pokerProject();
    await buildDecks({ root: project.root, out: project.out, decks: ['poker'], previews: false, vendors: VENDORS });
    dir = path.join(project.out, 'poker', 'en');
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('DriveThruCards: one PDF/X-1a:2003 of the printed deck, back then front per card, 2.5 x 3.5 in with 1/8 in bleed', async () => {
    const file = path.join(dir, 'poker-en-vendor-drivethrucards.pdf');
    const info = await tool('pdfinfo', ['-box', '-f', '1', '-l', '8', file]);
    expect(info).toMatch(/PDF subtype:\s+PDF\/X-1:2003/);
    // Four cards printed (welcome twice), two sides each.
    expect(info).toMatch(/Pages:\s+8\n/);
    for (let page = 1; page <= 8; page++) {
      expect(info).toMatch(new RegExp(`Page\\s+${page} MediaBox:\\s+0\\.00\\s+0\\.00\\s+198\\.00\\s+270\\.00`));
      expect(info).toMatch(new RegExp(`Page\\s+${page} TrimBox:\\s+9\\.00\\s+9\\.00\\s+189\\.00\\s+261\\.00`));
    }
    const text = (page: number) => tool('pdftotext', ['-f', String(page), '-l', String(page), file, '-']);
    const sides = await Promise.all([1, 2, 3, 4, 5, 6].map(text));
    expect(sides.map((side) => (/Turn over/.test(side) ? 'back' : 'front'))).toEqual(['back', 'front', 'back', 'front', 'back', 'front']);
    expect(sides[1]).toContain('Welcome');
    expect(sides[3]).toContain('Welcome');
    expect(sides[5]).toContain('A card of your own');
    expect(await tool('mutool', ['show', file, 'trailer/Root/OutputIntents/1'])).toContain('/OutputConditionIdentifier (CGATS TR 001)');
    expect(await ghostscriptPdfxComplaints(file)).toEqual([]);
  });

  it("offers the DriveThruCards PDF on the print page, with the card printers' file", async () => {
    const page = await readFile(path.join(project.out, 'index.html'), 'utf8');
    const section = /<section class="purpose card-printer">[\s\S]*?<\/section>/.exec(page)?.[0];
    expect(section).toContain('href="poker/en/poker-en-cards.pdf"');
    expect(section).toContain('href="poker/en/poker-en-vendor-drivethrucards.pdf"');
    expect(section).toContain('DriveThruCards (poker)');
  });

  it('DriveThruCards: held to its 240 % ink limit, measured on the file', async () => {
    const report = await preflightFile(path.join(dir, 'poker-en-vendor-drivethrucards.pdf'), { inkLimit: 240 });
    expect(report.checks.find((check) => check.name === 'ink')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/within the 240 % limit$/),
    });
    expect(report.ok).toBe(true);
    expect(await readFile(path.join(dir, 'preflight.txt'), 'utf8')).toMatch(
      /poker-en-vendor-drivethrucards\.pdf[\s\S]*?ink +total area coverage at most \d+ % .*within the 240 % limit/,
    );
  });

  it.each([
    ['makeplayingcards', 822, 1122],
    ['thegamecrafter', 825, 1125],
  ])('%s: one RGB PNG per face, %i x %i px at 300 dpi, bleed to every edge', async (vendor, width, height) => {
    const folder = path.join(dir, `poker-en-vendor-${vendor}`);
    const names = [
      '01-welcome-front',
      '01-welcome-back',
      '02-your-card-front',
      '02-your-card-back',
      '03-last-card-front',
      '03-last-card-back',
    ];
    for (const name of names) {
      const file = path.join(folder, `poker-en-${name}.png`);
      const meta = await sharp(file).metadata();
      expect({ width: meta.width, height: meta.height, density: meta.density, space: meta.space, channels: meta.channels }, name).toEqual({
        width,
        height,
        density: 300,
        space: 'srgb',
        channels: 3,
      });
      expect(await edgesInked(file, name.endsWith('front') ? 'top' : undefined), `${name} inked to its edges`).toBe(true);
    }
  });

  it('refuses a deck whose card size the vendor does not print, naming the sizes it does', async () => {
    await expect(
      buildDecks({ root: project.root, out: project.file('odd-dist'), decks: ['odd'], previews: false, vendors: ['makeplayingcards'] }),
    ).rejects.toThrow(
      "MakePlayingCards does not print deck odd's 74 x 105 mm cards: it offers poker (63.5 x 88.9 mm). Change cardSize in deck/odd/deck.yaml",
    );
    const result = await runCli([
      '--root',
      project.root,
      'build',
      '--deck',
      'odd',
      '--no-previews',
      '--vendor',
      'drivethrucards',
      '--out',
      project.file('odd-cli'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DriveThruCards does not print deck odd's 74 x 105 mm cards: it offers poker (63.5 x 88.9 mm)");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the presets there are when asked for one that is not', async () => {
    const result = await runCli([
      '--root',
      project.root,
      'build',
      '--deck',
      'poker',
      '--no-previews',
      '--vendor',
      'printer-of-dreams',
      '--out',
      project.file('unknown'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '--vendor printer-of-dreams: no such preset; templates/vendors/ has drivethrucards, makeplayingcards, thegamecrafter',
    );
  });
});
