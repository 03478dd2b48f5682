import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { printCacheKey } from '../../../src/print/print-cache.ts';
import { sha256 } from '../../../src/shared/hash.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

describe('the print cache key', () => {
  const base = { html: '<p>a</p>', fontHashes: ['f1'], settings: { minFontPt: 7.5 }, browserVersion: 'chromium 1', printCode: 'print 1' };
  it.each([
    ['the document', { html: '<p>b</p>' }],
    ['a font file', { fontHashes: ['f2'] }],
    ['a print setting', { settings: { minFontPt: 8 } }],
    ['the browser', { browserVersion: 'chromium 2' }],
    ['the code of the print stage (its fit pass)', { printCode: 'print 2' }],
  ])('changes with %s', (_, change) => {
    expect(printCacheKey({ ...base, ...change })).not.toBe(printCacheKey(base));
  });
});

describe('incremental builds', () => {
  let project: TempProject;
  const cardsPdf = async () => sha256(await readFile(path.join(project.out, 'mini', 'nl', 'cards.pdf')));
  const build = (force = false) => buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, force });

  beforeAll(async () => {
    project = await tempProject(['mini']);
    const first = await build();
    expect(first.prints).toEqual({ printed: 3, reused: 0 });
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
    expect((await build(true)).prints).toEqual({ printed: 3, reused: 0 });
  });

  it.each([
    ['a locale string', 'deck/mini/locales/nl.yaml', (t: string) => t.replace('Een korte uitleg.', 'Een andere uitleg.')],
    ['a category colour', 'deck/mini/deck.yaml', (t: string) => t.replace('"#1c7c8c"', '"#7c1c4a"')],
    ['a card picto', 'deck/mini/cards.yaml', (t: string) => t.replace('picto: team', 'picto: target')],
    ['a template', 'templates/partials/body.hbs', (t: string) => t.replace('{{text t.body}}', '{{text t.body}} (!)')],
    ['the stylesheet', 'templates/styles/cards.css', (t: string) => t.replace('.body { font-size: max(var(--min-font), 9.2em); }', '.body { font-size: max(var(--min-font), 9.6em); }')],
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
      expect(english.toString()).toContain('"file": "invulblad-besluit.pdf"');
      await project.edit('deck/besluitmodellen/locales/nl.yaml', (t) => t.replace('Zes modellen voor betere besluiten in het sociaal werk', 'Zes modellen voor betere besluiten in sociaal werk'));
      const again = await build();
      expect(again.unchanged).toBe(1);
      expect(await readFile(path.join(project.out, 'besluitmodellen', 'en', 'manifest.json'))).toEqual(english);
    } finally {
      await project.cleanup();
    }
  });
});
