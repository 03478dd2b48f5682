import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { formatProblem } from '../../../src/shared/errors.ts';
import { fontsOf, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * A letter no font of the deck has would print as a blank box or in whatever font the build
 * machine happens to have. It fails check and build, named; a deck brings the font it needs.
 */

const DEVANAGARI = { package: '@expo-google-fonts/noto-sans-devanagari', file: '400Regular/NotoSansDevanagari_400Regular.ttf' };
const devanagariFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve(`${DEVANAGARI.package}/package.json`)),
  DEVANAGARI.file,
);

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
});
afterEach(async () => {
  await project.cleanup();
});

const check = async () => {
  const result = await loadDeck(project.file('deck', 'mini'), projectPaths(project.root));
  return {
    deck: result.deck,
    messages: result.problems.map((problem) => formatProblem(problem, project.file('deck', 'mini')).split('\n')[0]),
  };
};
const setText = (from: string, to: string) => project.edit('deck/mini/locales/nl.yaml', (text) => text.replace(from, to));
const addFonts = (yaml: string) => project.edit('deck/mini/deck.yaml', (text) => `${text}\nfonts:\n${yaml}`);

describe('a character no font of the deck has', () => {
  it('fails check naming deck, card, language, field and character, at the string', async () => {
    await setText('title: Eerste kaart', 'title: Eerste kaart 😀');
    await setText('body: Nog een uitleg.', 'body: "中文, नमस्ते en שלום"');
    const { deck, messages } = await check();
    expect(deck).toBeUndefined();
    expect(messages).toContain(
      'locales/nl.yaml:34:12: deck mini, card eerste, language nl, field title: "😀" (U+1F600) is in none of the deck\'s fonts (Source Sans 3, Fraunces, Noto Sans Arabic); it would print as a blank box or in a system font: add a font that has it under fonts in deck.yaml (see docs/templates.md)',
    );
    const body = messages.find((message) => message?.includes('card tweede, language nl, field body'))!;
    for (const character of ['"中" (U+4E2D)', '"न" (U+0928)', '"ש" (U+05E9)']) expect(body).toContain(character);
  });

  it('is fine once the deck brings a font that has it, from npm', async () => {
    await setText('body: Nog een uitleg.', 'body: नमस्ते');
    expect((await check()).messages.join('\n')).toContain('"न" (U+0928)');
    await addFonts(`  - { family: Noto Sans Devanagari, package: "${DEVANAGARI.package}", file: ${DEVANAGARI.file} }\n`);
    const { deck, messages } = await check();
    expect(messages).toEqual([]);
    expect(deck!.fonts).toEqual([{ family: 'Noto Sans Devanagari', weight: 400, style: 'normal', file: devanagariFile }]);
  });

  it('takes a committed font only with its licence beside it, and only inside the deck folder', async () => {
    await mkdir(project.file('deck', 'mini', 'fonts'));
    await copyFile(devanagariFile, project.file('deck', 'mini', 'fonts', 'Devanagari.ttf'));
    await addFonts(
      '  - { family: Noto Sans Devanagari, file: fonts/Devanagari.ttf }\n  - { family: Elsewhere, file: ../../pictos/x.ttf }\n  - { family: Absent, package: no-such-font-package, file: a.ttf }\n',
    );
    expect((await check()).messages).toEqual([
      "deck.yaml:17:43: fonts/Devanagari.ttf has no licence beside it: commit the font's licence (OFL.txt, LICENSE…) in the same folder",
      'deck.yaml:18:32: "../../pictos/x.ttf" is outside the deck folder: commit the font inside it (e.g. fonts/), or name its npm package',
      'deck.yaml:19:32: npm package "no-such-font-package" is not installed: run npm install no-such-font-package',
    ]);
    await writeFile(project.file('deck', 'mini', 'fonts', 'OFL.txt'), 'SIL Open Font License 1.1\n');
    await project.edit('deck/mini/deck.yaml', (text) =>
      text
        .split('\n')
        .filter((line) => !/Elsewhere|Absent/.test(line))
        .join('\n'),
    );
    expect((await check()).messages).toEqual([]);
  });
});

describe("every letter prints in a bundled font or the deck's own, never a system font", () => {
  it('sets Greek titles, Devanagari text and Latin in embedded bundled or deck fonts', async () => {
    await setText('title: Eerste kaart', 'title: Πρώτη κάρτα');
    await setText('body: Nog een uitleg.', 'body: नमस्ते दुनिया');
    await addFonts(`  - { family: Noto Sans Devanagari, package: "${DEVANAGARI.package}", file: ${DEVANAGARI.file} }\n`);
    await project.edit('deck/mini/deck.yaml', (text) => text.replace('languages: [nl, en]', 'languages: [nl]'));
    await buildDecks({ root: project.root, out: project.out, previews: false });
    const cards = path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf');
    const fonts = await fontsOf(cards);
    expect(fonts.map((font) => font.name).some((name) => name.includes('NotoSansDevanagari'))).toBe(true);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/^[A-Z]{6}\+(SourceSans3|Fraunces|NotoSansArabic|NotoSansDevanagari)-/);
    }
    const text = await tool('pdftotext', [cards, '-']);
    expect(text).toContain('Πρώτη κάρτα');
    expect(text.normalize('NFC')).toContain('नमस्ते');
  });
});
