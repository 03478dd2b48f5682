import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { REPO } from '../../support/fixtures.ts';

let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-web-build-'));
  await buildDecks({ root: REPO, out, decks: ['besluitmodellen'], languages: ['en'], previews: false });
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('a build of one deck and language', () => {
  const set = () => path.join(out, 'besluitmodellen', 'en');

  it('writes the web edition beside the PDFs and lists it in the manifest with its hash', async () => {
    await access(path.join(set(), 'web', 'index.html'));
    const manifest = JSON.parse(await readFile(path.join(set(), 'manifest.json'), 'utf8')) as { files: Array<{ file: string; sha256?: string }> };
    const entry = manifest.files.find((file) => file.file === 'web/index.html');
    expect(entry).toBeDefined();
    const html = await readFile(path.join(set(), 'web', 'index.html'), 'utf8');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Decision models');
  });

  it('gives cards.pdf a document title and language that a PDF viewer (pdf.js) reads', async () => {
    const pdf = await getDocument({ data: new Uint8Array(await readFile(path.join(set(), 'cards.pdf'))) }).promise;
    try {
      const { info } = (await pdf.getMetadata()) as { info: { Title?: string; Language?: string } };
      expect(info.Title).toBe('Decision models');
      expect(info.Language).toBe('en');
    } finally {
      await pdf.destroy();
    }
  });
});
