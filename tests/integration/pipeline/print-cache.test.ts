import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { lockLanguage } from '../../../src/i18n/commands.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { findChromium } from '../../../src/print/browser.ts';
import { Printer, type PrintSettings } from '../../../src/print/printer.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { sha256 } from '../../../src/shared/hash.ts';
import { StageStore } from '../../../src/shared/stage-store.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Prints are a stage of the store: what is printed again, and what is read back, follows from what a print is made from. */
describe('a Chromium print kept in the store', () => {
  let project: TempProject;
  let html: string;
  const settings: PrintSettings = { minFontPt: 7, bleedPt: 8.5, safePt: 8.5 };
  /** Prints a document as a build does, with a printer and a store of its own over the same folder. */
  const print = async (document: string, with_: PrintSettings = settings) => {
    const store = StageStore.open(project.file('store'), { reuse: true });
    const printer = new Printer(store);
    try {
      const printed = await printer.print(document, project.file('work', 'faces.html'), with_);
      return { pdf: printed.pdf, work: store.work };
    } finally {
      await printer.close();
    }
  };

  beforeAll(async () => {
    project = await tempProject(['mini']);
    const paths = projectPaths(project.root);
    const deck = (await loadDeck(project.file('deck', 'mini'), paths)).deck!;
    const renderer = await FaceRenderer.create(paths, deck);
    html = renderer.render(deck, {
      locale: deck.locales.get('nl')!.locale,
      language: 'nl',
      assetUrl: (file) => pathToFileURL(file).href,
    }).html;
    expect((await print(html)).work).toEqual({ done: { print: 1 }, reused: {} });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('is read back for the same document, byte for byte, without printing', async () => {
    const first = await print(html);
    expect(first.work).toEqual({ done: {}, reused: { print: 1 } });
    expect(sha256((await print(html)).pdf)).toBe(sha256(first.pdf));
  });

  it('is printed again when the stylesheet changes', async () => {
    const restyled = html.replace('</style>', 'p { letter-spacing: 0.01em }</style>');
    expect(restyled).not.toBe(html);
    expect((await print(restyled)).work).toEqual({ done: { print: 1 }, reused: {} });
  });

  it('is printed again when a setting of the fit pass changes', async () => {
    expect((await print(html, { ...settings, minFontPt: 8 })).work).toEqual({ done: { print: 1 }, reused: {} });
  });

  it('is printed again by another Chromium build', async () => {
    const other = project.file('other-chromium');
    await writeFile(other, `#!/bin/sh\nexec '${findChromium()}' "$@"\n`);
    await chmod(other, 0o755);
    const configured = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = other;
    try {
      expect((await print(html)).work).toEqual({ done: { print: 1 }, reused: {} });
    } finally {
      if (configured === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = configured;
    }
    expect((await print(html)).work).toEqual({ done: {}, reused: { print: 1 } });
  });
});

describe('incremental builds', () => {
  let project: TempProject;
  const cardsPdf = async () => sha256(await readFile(path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf')));
  const build = (force = false) => buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, force });
  let firstPrints: number;

  beforeAll(async () => {
    project = await tempProject(['mini']);
    const first = await build();
    firstPrints = first.prints.printed;
    expect(first.prints.reused).toBe(0);
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('print nothing when nothing changed, with byte-identical output', async () => {
    const before = await cardsPdf();
    const again = await build();
    expect(again.prints.printed).toBe(0);
    expect(again.unchanged).toBe(1);
    expect(await cardsPdf()).toBe(before);
  });

  it('print everything again with --force', async () => {
    expect(firstPrints).toBeGreaterThan(0);
    expect((await build(true)).prints).toEqual({ printed: firstPrints, reused: 0 });
  });

  it.each([
    ['a locale string', 'deck/mini/locales/nl.yaml', (t: string) => t.replace('Een korte uitleg.', 'Een andere uitleg.')],
    ['a category colour', 'deck/mini/deck.yaml', (t: string) => t.replace('"#1c7c8c"', '"#7c1c4a"')],
    ['a card picto', 'deck/mini/cards.yaml', (t: string) => t.replace('picto: team', 'picto: target')],
    ['a template', 'templates/partials/body.hbs', (t: string) => t.replace('{{text t.body}}', '{{text t.body}} (!)')],
    [
      'the stylesheet',
      'templates/styles/cards.css',
      (t: string) => t.replace('font-size: max(var(--min-font), 9.2em);', 'font-size: max(var(--min-font), 9.6em);'),
    ],
    ['a picto file', 'pictos/target.svg', (t: string) => t.replace('stroke-width="2.5"', 'stroke-width="3"')],
  ])('never serve a stale face: changing %s prints again and changes the cards', async (_, file, change) => {
    const before = await cardsPdf();
    const original = await readFile(project.file(file), 'utf8');
    await project.edit(file, change);
    expect(await readFile(project.file(file), 'utf8')).not.toBe(original);
    const summary = await build();
    expect(summary.prints.printed).toBeGreaterThan(0);
    expect(await cardsPdf()).not.toBe(before);
  });
});

describe('a change to one language', { timeout: 180_000 }, () => {
  it('redoes only that language: the other set, worksheet and all, is kept as published', async () => {
    const project = await tempProject(['real:besluitmodellen']);
    try {
      const build = () => buildDecks({ root: project.root, out: project.out, languages: ['nl', 'en'], previews: false });
      expect((await build()).unchanged).toBe(0);
      const english = await readFile(path.join(project.out, 'besluitmodellen', 'en', 'manifest.json'));
      expect(english.toString()).toContain('"file": "besluitmodellen-en-invulblad-besluit.pdf"');
      await project.edit('deck/besluitmodellen/locales/nl.yaml', (t) =>
        t.replace('Zes modellen voor betere besluiten in het sociaal werk', 'Zes modellen voor betere besluiten in sociaal werk'),
      );
      // The English subtitle still says what the Dutch says: the translator confirms it, as `i18n lock` does.
      await lockLanguage(project.root, 'en', ['besluitmodellen'], ['deck.subtitle']);
      const again = await build();
      expect(again.unchanged).toBe(1);
      expect(await readFile(path.join(project.out, 'besluitmodellen', 'en', 'manifest.json'))).toEqual(english);
    } finally {
      await project.cleanup();
    }
  });
});
