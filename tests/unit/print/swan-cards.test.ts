import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/build/build-decks.ts';
import { REPO } from '../../support/fixtures.ts';
import { boxesOf, expectPt, fontsOf, openPdf, tool } from '../../support/pdf-tools.ts';
import { compareWithGolden, goldenSet, renderGoldenPages } from '../../support/visual.ts';

const MM = 72 / 25.4;
let out: string;
let again: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-swan-'));
  again = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-swan-again-'));
  await buildDecks({ root: REPO, out, decks: ['swan'], languages: ['nl'] });
  await buildDecks({ root: REPO, out: again, decks: ['swan'], languages: ['nl'], previews: false });
});

afterAll(async () => {
  await Promise.all([out, again].map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('cards.pdf of the SWAN deck', () => {
  const file = () => path.join(out, 'swan', 'nl', 'cards.pdf');

  it('holds one page per face, front then back, for all 24 cards', async () => {
    const doc = await openPdf(file());
    expect(doc.getPageCount()).toBe(48);
    const text = await tool('pdftotext', ['-f', '1', '-l', '2', file(), '-']);
    expect(text).toContain('Zo werkt het');
    expect(text).toMatch(/Zo gebruik je de\s+kaarten/);
  });

  it('gives every face MediaBox = BleedBox = trim + 2 x 3 mm bleed and TrimBox = the A7 card, to 0.01 pt', async () => {
    const doc = await openPdf(file());
    const [trimWidth, trimHeight, bleed] = [74 * MM, 105 * MM, 3 * MM];
    for (const [index, page] of doc.getPages().entries()) {
      const boxes = boxesOf(page);
      expect(boxes.bleed, `page ${index + 1}`).toEqual(boxes.media);
      expectPt(boxes.media[2], trimWidth + 2 * bleed, 'MediaBox width');
      expectPt(boxes.media[3], trimHeight + 2 * bleed, 'MediaBox height');
      expectPt(boxes.trim[0]! - boxes.media[0]!, bleed, 'bleed left');
      expectPt(boxes.trim[1]! - boxes.media[1]!, bleed, 'bleed bottom');
      expectPt(boxes.trim[2], trimWidth, 'TrimBox width');
      expectPt(boxes.trim[3], trimHeight, 'TrimBox height');
    }
  });

  it('embeds only the bundled fonts, every one of them', async () => {
    const fonts = await fontsOf(file());
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSans3|Fraunces|NotoSansArabic)-/);
    }
  });

  it('is byte-identical when built again from the same input', async () => {
    const [first, second] = await Promise.all([readFile(file()), readFile(path.join(again, 'swan', 'nl', 'cards.pdf'))]);
    expect(first.equals(second)).toBe(true);
  });

  it('passes qpdf --check', async () => {
    expect(await tool('qpdf', ['--check', file()])).toContain('No syntax or stream encoding errors');
  });
});

describe('previews of the SWAN deck', () => {
  it('are one trimmed PNG and one WebP thumbnail per face, plus a contact sheet', async () => {
    const dir = path.join(out, 'swan', 'nl', 'previews');
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(48);
    expect(files.filter((f) => f.endsWith('.webp'))).toHaveLength(48);
    expect(files).toContain('05-r1-question-front.png');
    const png = await sharp(path.join(dir, '01-intro-how-front.png')).metadata();
    expect(png.width).toBe(Math.round(74 * MM * (150 / 72)));
    const sheet = await sharp(path.join(out, 'swan', 'nl', 'contact-sheet.png')).metadata();
    expect(sheet.width).toBeGreaterThan(1000);
  });
});

describe('visual goldens (pdftoppm + pixelmatch; npm run goldens rewrites them after an intended change)', () => {
  it('renders the chosen faces as they were approved, within 0.5 % of pixels', async () => {
    const set = await goldenSet();
    const pages = await renderGoldenPages(path.join(out, set.deck, set.language, 'cards.pdf'), set);
    for (const [name, png] of pages) {
      const share = await compareWithGolden(name, png);
      expect(share, `${name}: see tests/golden/visual/${name}.diff.png`).toBeLessThanOrEqual(0.005);
    }
  });
});
