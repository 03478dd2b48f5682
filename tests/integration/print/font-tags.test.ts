import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveDeterministic } from '../../../src/pdf-write/save-pdf.ts';
import { sharedBuild } from '../../support/built.ts';
import { fontsOf, openPdf } from '../../support/pdf-tools.ts';

/** Each embedded font's name and a hash of its program, read with pdf-lib. */
async function fontPrograms(file: string): Promise<Map<string, string>> {
  const doc = await openPdf(file);
  const programs = new Map<string, string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || String(object.get(PDFName.of('Subtype'))) !== '/Type0') continue;
    const descendant = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const program = descendant.lookup(PDFName.of('FontDescriptor'), PDFDict).lookup(PDFName.of('FontFile2'));
    if (!(program instanceof PDFRawStream)) throw new Error('a font without an embedded TrueType program');
    programs.set(
      String(object.get(PDFName.of('BaseFont'))).slice(1),
      createHash('sha256').update(decodePDFRawStream(program).decode()).digest('hex'),
    );
  }
  return programs;
}

describe('subset font names', () => {
  let out: string;
  beforeAll(async () => {
    out = await sharedBuild();
  });

  /** Every deck's and language's cards and sheets, whose slugs and covers are set in Source Sans 3: one job. */
  async function builtPdfs(): Promise<string[]> {
    const files: string[] = [];
    for (const deck of ['swan', 'besluitmodellen']) {
      for (const language of ['nl', 'en']) {
        const dir = path.join(out, deck, language);
        const set = `${deck}-${language}-`;
        const pdfs = (await readdir(dir)).filter(
          (name) => name === `${set}cards.pdf` || (name.startsWith(`${set}sheets-`) && name.endsWith('.pdf')),
        );
        files.push(...pdfs.map((name) => path.join(dir, name)));
      }
    }
    return files;
  }

  it('never give two different subsets the same name, across every file of a job (slug and cover fonts too)', async () => {
    const files = await builtPdfs();
    expect(files.filter((file) => path.basename(file).includes('-sheets-')).length).toBeGreaterThan(4);
    const seen = new Map<string, { hash: string; file: string }>();
    const clashes: string[] = [];
    for (const file of files) {
      const programs = await fontPrograms(file);
      expect(programs.size).toBeGreaterThan(2);
      for (const [name, hash] of programs) {
        const earlier = seen.get(name);
        if (earlier && earlier.hash !== hash) clashes.push(`${name} in ${earlier.file} and ${path.relative(out, file)}`);
        seen.set(name, { hash, file: path.relative(out, file) });
      }
    }
    expect(clashes).toEqual([]);
  });

  it('renames subsets that share a tag but not their glyphs when a file is saved (Chromium numbers its tags AAAAAA, BAAAAA, ... in every file)', async () => {
    const cards = await openPdf(path.join(out, 'swan', 'nl', 'swan-nl-cards.pdf'));
    const fonts = [...cards.context.enumerateIndirectObjects()].filter(
      ([, object]) => object instanceof PDFDict && String(object.get(PDFName.of('Subtype'))) === '/Type0',
    );
    expect(fonts.length).toBeGreaterThan(1);
    for (const [, font] of fonts) (font as PDFDict).set(PDFName.of('BaseFont'), PDFName.of('AAAAAA+Same'));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-tags-'));
    try {
      const file = path.join(dir, 'renamed.pdf');
      await writeFile(file, await saveDeterministic(cards, { title: 't', language: 'nl' }));
      const names = [...(await fontPrograms(file)).keys()];
      expect(names).toHaveLength(fonts.length);
      expect(names.every((name) => /^[A-Z]{6}\+Same$/.test(name))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the subset tag form pdffonts and RIPs expect (six capitals and +), every font embedded, in every file', async () => {
    for (const file of await builtPdfs()) {
      for (const font of await fontsOf(file)) {
        expect(font.name, path.basename(file)).toMatch(/^[A-Z]{6}\+/);
        expect(font.embedded).toBe(true);
      }
    }
  });
});
