import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { REPO } from '../../support/fixtures.ts';
import { fontsOf, tool } from '../../support/pdf-tools.ts';
import { tempProject } from '../../support/project.ts';

const MM = 72 / 25.4;

/** Word boxes of page 1 from pdftotext -bbox: where each word sits, in points. */
async function words(file: string): Promise<Array<{ text: string; xMin: number; xMax: number }>> {
  const html = await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<\/word>/g)].map((m) => ({
    text: m[3]!,
    xMin: Number(m[1]),
    xMax: Number(m[2]),
  }));
}

describe('right-to-left languages', { timeout: 300_000 }, () => {
  it('set Arabic right-aligned in the bundled Arabic font, with no system fallback', async () => {
    const project = await tempProject(['rtl']);
    try {
      // The second card gets an example: the italic box, with *emphasis* in it.
      await project.edit('deck/rtl/locales/ar.yaml', (text) =>
        text.replace('    body: شرح آخر.\n', '    body: شرح آخر.\n    example: مثال على موقف في المدرسة، مع *تأكيد* هنا.\n'),
      );
      await project.edit('deck/rtl/cards.yaml', (text) => text.replace('template: prompt', 'template: condition'));
      await project.edit('deck/rtl/locales/nl.yaml', (text) =>
        text.replace('    body: Nog een uitleg.\n', '    body: Nog een uitleg.\n    example: Een voorbeeld op school, met *nadruk*.\n'),
      );
      await buildDecks({ root: project.root, out: project.out, previews: false });
      const arabic = path.join(project.out, 'rtl', 'ar', 'rtl-ar-cards.pdf');
      const fonts = await fontsOf(arabic);
      expect(fonts.some((font) => font.name.includes('NotoSansArabic'))).toBe(true);
      for (const font of fonts) expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSans3|Fraunces|NotoSansArabic)-/);
      const safeRight = (3 + 63 - 4) * MM;
      const safeLeft = (3 + 4) * MM;
      // Lines start at the safe zone's right edge in Arabic, at its left edge in Dutch.
      const arabicWords = (await words(arabic)).filter((w) => /[\u0600-\u06FF]/.test(w.text));
      expect(Math.abs(Math.max(...arabicWords.map((w) => w.xMax)) - safeRight)).toBeLessThan(1.5);
      expect(Math.min(...arabicWords.map((w) => w.xMin))).toBeGreaterThan(safeLeft + 10);
      const dutchWords = await words(path.join(project.out, 'rtl', 'nl', 'rtl-nl-cards.pdf'));
      expect(Math.abs(Math.min(...dutchWords.map((w) => w.xMin)) - safeLeft)).toBeLessThan(1.5);
      // Copied or searched, the Arabic reads as typed: every line in logical order, no word split
      // where a letter is drawn as a base and its dots (pdftotext marks each line's direction).
      const text = (await tool('pdftotext', [arabic, '-'])).replace(/[\u202a-\u202e]/g, '');
      const lines = new Set(text.split('\n').map((line) => line.trim()));
      // Arabic has no italic: the example box sets it upright, never slanted by a skewed text matrix
      // (Chromium's fake oblique); the Dutch box, in a font with an italic, is italic.
      const skews = [
        ...(await tool('qpdf', ['--qdf', '--object-streams=disable', arabic, '-'])).matchAll(/^\S+ \S+ (\S+) \S+ \S+ \S+ Tm$/gm),
      ]
        .map((m) => Number(m[1]))
        .filter((skew) => skew !== 0);
      expect(skews).toEqual([]);
      expect((await fontsOf(path.join(project.out, 'rtl', 'nl', 'rtl-nl-cards.pdf'))).map((font) => font.name)).toContainEqual(
        expect.stringMatching(/SourceSans3-Italic/),
      );
      for (const typed of [
        'البطاقة الأولى',
        'شرح قصير للبطاقة.',
        'أسئلة',
        'ماذا ترى؟',
        'ماذا تفعل؟',
        'البطاقة الثانية',
        'شرح آخر.',
        'أساس',
        'تأكيد هنا.',
      ])
        expect(lines, typed).toContain(typed);
    } finally {
      await project.cleanup();
    }
  });
});

describe('the real decks under the pseudo-locale (+40 %)', { timeout: 300_000 }, () => {
  it('build, shrinking the faces that need it and none below 7 pt', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-pseudo-'));
    try {
      const summary = await buildDecks({ root: REPO, out, languages: ['pseudo'], previews: false });
      expect(summary.builds.map((b) => b.deck).sort()).toEqual(['besluitmodellen', 'swan']);
      const swan = summary.builds.find((b) => b.deck === 'swan')!;
      expect(swan.shrunk.length).toBeGreaterThan(5);
      expect(Math.min(...swan.shrunk.map((s) => s.scale))).toBeGreaterThanOrEqual(7 / 9.2 - 0.001);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
