import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { renderWebEdition } from '../../../src/web/web-edition.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * A face of one language that shows the source language's text where a translation is missing
 * (--allow-missing): that text is Dutch, so it is hyphenated and typeset as Dutch, marked lang="nl"
 * for screen readers and fonts, and isolated left-to-right inside a right-to-left card.
 */

const SHY = '\u00AD';
let project: TempProject;
let deck: LoadedDeck;
let renderer: FaceRenderer;
beforeAll(async () => {
  project = await tempProject(['rtl']);
  await project.edit('deck/rtl/locales/nl.yaml', (text) =>
    text.replace('    body: Een korte uitleg.\n', "    body: Een korte uitleg.\n    example: Zij verantwoorden 50 % van z'n werk.\n"),
  );
  // German: every text translated but the first card's example, and the ui's "example".
  await writeFile(
    project.file('deck', 'rtl', 'locales', 'de.yaml'),
    `language:\n  name: Deutsch\ndeck:\n  title: Mini\ncategories:\n  basis:\n    name: Basis\nui:\n  questions: Fragen\n  download-title: Downloads\n  file-cards: Karten\n  file-contact-sheet: Übersicht\n  file-manifest: Daten\n  file-web: Webversion\ncards:\n  eerste:\n    title: Erste Karte\n    body: Verantwortungsbewusstsein.\n    questions:\n      - Was siehst du?\n      - Was tust du?\n  tweede:\n    title: Zweite Karte\n    body: Noch eine Erklärung.\npictos:\n  target: Ziel\n  team: Drei Menschen\n`,
  );
  // Arabic: the first card's example missing.
  const paths = projectPaths(project.root);
  deck = (await loadDeck(project.file('deck', 'rtl'), paths, { extraLanguages: ['de'], allowMissing: true })).deck!;
  renderer = await FaceRenderer.create(paths, deck);
});
afterAll(async () => {
  await project.cleanup();
});

const firstFront = (language: string) => {
  const rendered = renderer.render(deck, { locale: deck.locales.get(language)!.locale, language, assetUrl: (file) => file });
  return rendered.sections[0]!;
};

describe('texts shown in the source language', () => {
  it('on a German card: Dutch hyphenation and typography, in a span lang="nl"', () => {
    const face = firstFront('de');
    const example = face.slice(face.indexOf('class="example"'));
    expect(example).toContain('<h2 class="label"><span lang="nl" dir="ltr">Voorbeeld</span></h2>');
    const dutch = example.match(/<p><span lang="nl" dir="ltr">([^<]*)<\/span><\/p>/)?.[1];
    // Dutch patterns: ver-ant-woor-den (German ones make "verantwo-orden"); Dutch spacing: "50 %" with a no-break space, z’n.
    expect(dutch).toBe(`Zij ver${SHY}ant${SHY}woor${SHY}den 50\u00A0% van z’n werk.`);
    // The German texts stay German: no span, German patterns.
    expect(face).toContain(`Ver${SHY}ant${SHY}wor${SHY}tungs${SHY}be${SHY}wusst${SHY}sein.`);
    expect(face.match(/lang="nl"/g)).toHaveLength(2);
  });

  it('in an Arabic card: isolated left to right, so its full stop stays at its end', () => {
    const face = firstFront('ar');
    expect(face).toContain(`<p><span lang="nl" dir="ltr">Zij ver${SHY}ant${SHY}woor${SHY}den 50\u00A0% van z’n werk.</span></p>`);
    expect(face).not.toContain('lang="nl" dir="ltr">Voorbeeld');
  });

  it('in the web edition: the card text Dutch, marked and hyphenated as Dutch', async () => {
    const html = await renderWebEdition(deck, 'de', deck.locales.get('de')!.locale);
    expect(html).toContain(
      `<p class="example"><span lang="nl" dir="ltr">Zij ver${SHY}ant${SHY}woor${SHY}den 50\u00A0% van z’n werk.</span></p>`,
    );
    expect(html).toContain(`Ver${SHY}ant${SHY}wor${SHY}tungs${SHY}be${SHY}wusst${SHY}sein.`);
  });

  it('marks nothing when every text is translated', () => {
    expect(firstFront('nl')).not.toContain('lang="nl"');
  });
});
