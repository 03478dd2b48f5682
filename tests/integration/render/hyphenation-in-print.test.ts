import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject } from '../../support/project.ts';

const SHY = '\u00AD';

describe('hyphenation in a printed card', () => {
  it('breaks a compound longer than a line at a syllable, with a visible hyphen, never a title, and leaves no soft hyphen', async () => {
    const project = await tempProject(['mini']);
    try {
      const english = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
      await writeFile(
        project.file('deck/mini/locales/de.yaml'),
        english
          .replace('title: First card', 'title: Sozioökonomische Existenzsicherheit')
          .replace('body: A short explanation.', 'body: Die Donaudampfschifffahrtsgesellschaftskapitänsmütze liegt hier.')
          .replace(/^(\s+)- (.*)$/m, '$1- Verantwortlichkeiten $2'),
      );
      // A German made from the English texts for this test: it is not a finished translation, and it
      // leaves out the print page and web words kaartenset ships in Dutch and English only.
      await buildDecks({
        root: project.root,
        out: project.out,
        previews: false,
        languages: ['de'],
        allowUnfinished: true,
        allowMissing: true,
      });
      const text = await tool('pdftotext', ['-f', '1', '-l', '1', path.join(project.out, 'mini', 'de', 'mini-de-cards.pdf'), '-']);
      expect(text).not.toContain(SHY);
      expect(text).toContain('Verantwortlichkeiten');
      const lines = text.split('\n');
      expect(lines.slice(0, 4).join(' '), 'the title').toMatch(/Sozioökonomische\s+Existenzsicherheit/);
      const broken = lines.findIndex((line) => /Donau\S*[-\u2010]$/.test(line));
      expect(broken, lines.join('\n')).toBeGreaterThanOrEqual(0);
      const [before, after] = [lines[broken]!.slice(0, -1).split(' ').at(-1)!, lines[broken + 1]!.split(' ')[0]!];
      expect(`${before}${after}`).toBe('Donaudampfschifffahrtsgesellschaftskapitänsmütze');
      expect(Math.min(before.length, after.length)).toBeGreaterThanOrEqual(3);
    } finally {
      await project.cleanup();
    }
  });
});
