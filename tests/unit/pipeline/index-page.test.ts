import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIndexPage } from '../../../src/output/index-page.ts';
import type { PrintPageSet } from '../../../src/print-page/print-kit.ts';

// The print page opens on its first deck: the one deck.yaml ranks first with `order`, in the
// deck's first language unless the browser asks for another.

let out: string;

async function writeSet(deck: string, language: string, languages: string[], order?: number): Promise<void> {
  const dir = path.join(out, deck, language);
  await mkdir(dir, { recursive: true });
  const manifest = {
    deck,
    language,
    title: `${deck} ${language}`,
    languageName: language,
    direction: 'ltr',
    downloadTitle: deck,
    files: [],
  };
  const page: PrintPageSet = {
    deck,
    order,
    language,
    languages,
    title: deck,
    subtitle: '',
    languageName: language,
    direction: 'ltr',
    text: {},
    cards: [],
    papers: ['A4'],
    inks: ['standard'],
    layouts: {},
    duplex: true,
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(path.join(dir, 'print-page.json'), JSON.stringify(page));
}

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-index-page-'));
  await writeSet('besluitmodellen', 'en', ['nl', 'en']);
  await writeSet('besluitmodellen', 'nl', ['nl', 'en']);
  await writeSet('swan', 'en', ['nl', 'en'], 1);
  await writeSet('swan', 'nl', ['nl', 'en'], 1);
  await writeSet('atlas', 'de', ['fr', 'de']);
  await writeSet('atlas', 'fr', ['fr', 'de']);
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the print page order', () => {
  it('puts decks with an order first, the rest by id, each deck in its own language order', async () => {
    const html = await readFile(await writeIndexPage(out), 'utf8');
    const articles = [...html.matchAll(/<article class="set" id="([^"]+)"/g)].map((match) => match[1]);
    expect(articles).toEqual(['swan-nl', 'swan-en', 'atlas-fr', 'atlas-de', 'besluitmodellen-nl', 'besluitmodellen-en']);
  });
});

describe('the print shop section', () => {
  it('links the job ticket (manifest.json) and preflight.txt beside the press sheets', async () => {
    const dir = path.join(out, 'press', 'nl');
    await mkdir(dir, { recursive: true });
    const sheets = { file: 'press-nl-sheets-press-sra3.pdf', label: 'Drukvellen (SRA3)', bytes: 1000, sha256: 'x', pages: 2 };
    await writeFile(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        deck: 'press',
        language: 'nl',
        title: 'Press',
        languageName: 'Nederlands',
        direction: 'ltr',
        downloadTitle: 'Press',
        files: [sheets],
      }),
    );
    try {
      const html = await readFile(await writeIndexPage(out), 'utf8');
      const shop = /<section class="purpose shop">[\s\S]*?<\/section>/.exec(html.slice(html.indexOf('id="press-nl"')))![0];
      expect(shop).toContain('href="press/nl/press-nl-sheets-press-sra3.pdf"');
      expect(shop).toContain('href="press/nl/manifest.json"');
      expect(shop).toContain('href="press/nl/preflight.txt"');
    } finally {
      await rm(path.join(out, 'press'), { recursive: true, force: true });
    }
  });
});
