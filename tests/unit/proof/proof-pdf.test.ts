import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceChange, SetChange } from '../../../src/proof/compare.ts';
import { proofPdf } from '../../../src/proof/proof-pdf.ts';

const run = promisify(execFile);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-proof-pdf-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

function set(language: string, faces: FaceChange[]): SetChange {
  return {
    deck: 'mini',
    language,
    title: 'Mini',
    languageName: language,
    direction: 'ltr',
    change: 'changed',
    geometry: ['bleed 3 mm → 2 mm'],
    sheets: [],
    faces,
    cardsFile: { before: `mini-${language}-cards.pdf`, after: `mini-${language}-cards.pdf` },
    hashes: [],
    sameLook: [],
  };
}

const added = (index: number): FaceChange => ({
  face: `card-${index}/front`,
  side: 'front',
  card: `card-${index}`,
  category: 'basis',
  template: 'condition',
  change: 'added',
  fields: [{ field: 'title', added: [`word${index}`], removed: [], steps: [] }],
});

/** The proof PDF's text as poppler reads it, and its page count. */
async function read(bytes: Uint8Array) {
  const file = path.join(work, `proof-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const [text, info] = await Promise.all([run('pdftotext', [file, '-']), run('pdfinfo', [file])]);
  return { text: text.stdout, pages: Number(/Pages:\s+(\d+)/.exec(info.stdout)![1]) };
}

const builds = { before: '/nowhere', after: '/nowhere', compared: 'compared with version v1' };
const date = new Date('2026-12-07T10:00:00Z');

describe('the proof PDF', () => {
  it('lists every change on its cover, going on to a second page when they do not fit, then a page per face', async () => {
    const faces = Array.from({ length: 40 }, (_, index) => added(index + 1));
    const { text, pages } = await read(await proofPdf(set('en', faces), builds, date));
    expect(pages).toBe(2 + 40);
    for (let index = 1; index <= 40; index++) expect(text).toContain(`${index}. card-${index} (front) [card-${index}]: added`);
    expect(text).toContain('bleed 3 mm → 2 mm');
    expect(text).toContain("Client's approval");
    expect(text).toContain(`page 42 of 42`);
  });

  it("speaks the deck's language: the cover and labels of a Dutch deck in Dutch, the card by its title and the field by its Dutch name", async () => {
    const face = { ...added(1), title: 'Eerste kaart', fields: [{ ...added(1).fields[0]!, label: 'Titel' }] };
    const { text } = await read(
      await proofPdf({ ...set('nl', [face]), languageName: 'Nederlands' }, { ...builds, compared: 'vergeleken met versie v1' }, date),
    );
    expect(text).toContain('Drukproef: Mini, Nederlands');
    expect(text).toContain('vergeleken met versie v1 · 7 december 2026');
    expect(text).toContain('Akkoord van de opdrachtgever');
    expect(text).toContain('1. Eerste kaart (voorkant) [card-1]: toegevoegd — Titel: +word1');
    expect(text).toContain('Titel: woorden erbij: word1');
    expect(text).not.toMatch(/\[nl\]|title:/);
  });
});
