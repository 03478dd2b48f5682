import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject } from '../../support/project.ts';

const SHY = '\u00AD';

describe('hyphenation in a printed card', () => {
  it('breaks a long German compound at a syllable, with a visible hyphen, and leaves no soft hyphen in its text', async () => {
    const project = await tempProject(['mini']);
    try {
      const english = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
      await writeFile(
        project.file('deck/mini/locales/de.yaml'),
        english
          .replace('title: First card', 'title: Sozioökonomische Existenzsicherheit')
          .replace(/^(\s+)- (.*)$/m, '$1- Verantwortlichkeiten $2'),
      );
      await buildDecks({ root: project.root, out: project.out, previews: false, languages: ['de'] });
      const text = await tool('pdftotext', ['-f', '1', '-l', '1', path.join(project.out, 'mini', 'de', 'cards.pdf'), '-']);
      expect(text).not.toContain(SHY);
      expect(text).toContain('Verantwortlichkeiten');
      const lines = text.split('\n');
      const broken = lines.findIndex((line) => /^Sozio\S*[-\u2010]$|^Sozioökonomische \S+[-\u2010]$/.test(line));
      expect(broken, lines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(`${lines[broken]!.slice(0, -1)}${lines[broken + 1]}`.replace(/\s+/g, ' ')).toBe('Sozioökonomische Existenzsicherheit');
    } finally {
      await project.cleanup();
    }
  });
});
