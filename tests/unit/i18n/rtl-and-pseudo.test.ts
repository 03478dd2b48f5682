import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/build/build-decks.ts';
import { BuildError } from '../../../src/deck/problems.ts';
import { REPO } from '../../support/fixtures.ts';
import { fontsOf, tool } from '../../support/pdf-tools.ts';
import { tempProject } from '../../support/project.ts';

const MM = 72 / 25.4;

/** Word boxes of page 1 from pdftotext -bbox: where each word sits, in points. */
async function words(file: string): Promise<Array<{ text: string; xMin: number; xMax: number }>> {
  const html = await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<\/word>/g)].map((m) => ({ text: m[3]!, xMin: Number(m[1]), xMax: Number(m[2]) }));
}

describe('right-to-left languages', () => {
  it('set Arabic right-aligned in the bundled Arabic font, with no system fallback', async () => {
    const project = await tempProject(['rtl']);
    try {
      await buildDecks({ root: project.root, out: project.out, previews: false });
      const arabic = path.join(project.out, 'rtl', 'ar', 'cards.pdf');
      const fonts = await fontsOf(arabic);
      expect(fonts.some((font) => font.name.includes('NotoSansArabic'))).toBe(true);
      for (const font of fonts) expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSans3|Fraunces|NotoSansArabic)-/);
      const safeRight = (3 + 63 - 4) * MM;
      const safeLeft = (3 + 4) * MM;
      // Lines start at the safe zone's right edge in Arabic, at its left edge in Dutch.
      const arabicWords = (await words(arabic)).filter((w) => /[\u0600-\u06FF]/.test(w.text));
      expect(Math.abs(Math.max(...arabicWords.map((w) => w.xMax)) - safeRight)).toBeLessThan(1.5);
      expect(Math.min(...arabicWords.map((w) => w.xMin))).toBeGreaterThan(safeLeft + 10);
      const dutchWords = await words(path.join(project.out, 'rtl', 'nl', 'cards.pdf'));
      expect(Math.abs(Math.min(...dutchWords.map((w) => w.xMin)) - safeLeft)).toBeLessThan(1.5);
    } finally {
      await project.cleanup();
    }
  });
});

describe('the SWAN deck under the pseudo-locale (+40 %)', () => {
  it('shrinks what it can and fails naming exactly the cards that cannot fit', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-pseudo-'));
    try {
      const failure = await buildDecks({ root: REPO, out, decks: ['swan'], languages: ['pseudo'], previews: false }).catch((e: unknown) => e);
      if (failure === undefined) return;
      expect(failure).toBeInstanceOf(BuildError);
      const lines = (failure as Error).message.split('\n').slice(1);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^ {2}swan \[pseudo\] card [a-z0-9-]+ \(front\): text in field "[a-z]+" does not fit/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
