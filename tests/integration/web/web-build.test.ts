import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedBuild } from '../../support/built.ts';

let out: string;

beforeAll(async () => {
  out = await sharedBuild();
});

describe('the web edition in a build', () => {
  const set = () => path.join(out, 'besluitmodellen', 'en');

  it('writes the web edition beside the PDFs and lists it in the manifest with its hash', async () => {
    const bytes = await readFile(path.join(set(), 'web', 'index.html'));
    const manifest = JSON.parse(await readFile(path.join(set(), 'manifest.json'), 'utf8')) as {
      files: Array<{ file: string; bytes: number; sha256: string }>;
    };
    const entry = manifest.files.find((file) => file.file === 'web/index.html');
    expect(entry).toMatchObject({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const html = bytes.toString('utf8');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Decision models');
  });

  it('gives cards.pdf a document title and language that a PDF viewer (pdf.js) reads', async () => {
    const pdf = await getDocument({ data: new Uint8Array(await readFile(path.join(set(), 'besluitmodellen-en-cards.pdf'))) }).promise;
    try {
      const { info } = (await pdf.getMetadata()) as { info: { Title?: string; Language?: string } };
      expect(info.Title).toBe('Decision models');
      expect(info.Language).toBe('en');
    } finally {
      await pdf.destroy();
    }
  });
});
