import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { fontsOf, openPdf } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Each embedded font's name and a hash of its program, read with pdf-lib. */
async function fontPrograms(file: string): Promise<Map<string, string>> {
  const doc = await openPdf(file);
  const programs = new Map<string, string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || String(object.get(PDFName.of('Subtype'))) !== '/Type0') continue;
    const descendant = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const program = descendant.lookup(PDFName.of('FontDescriptor'), PDFDict).lookup(PDFName.of('FontFile2'));
    if (!(program instanceof PDFRawStream)) throw new Error('a font without an embedded TrueType program');
    programs.set(String(object.get(PDFName.of('BaseFont'))).slice(1), createHash('sha256').update(decodePDFRawStream(program).decode()).digest('hex'));
  }
  return programs;
}

describe('subset font names', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await buildDecks({ root: project.root, out: project.out, previews: false });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('never give two different subsets the same name, across the files of a job', async () => {
    const seen = new Map<string, { hash: string; file: string }>();
    const clashes: string[] = [];
    for (const language of ['nl', 'en']) {
      const file = path.join(project.out, 'mini', language, 'cards.pdf');
      const programs = await fontPrograms(file);
      expect(programs.size).toBeGreaterThan(2);
      for (const [name, hash] of programs) {
        const earlier = seen.get(name);
        if (earlier && earlier.hash !== hash) clashes.push(`${name} in ${earlier.file} and ${language}`);
        seen.set(name, { hash, file: language });
      }
    }
    expect(clashes).toEqual([]);
  });

  it('keeps the subset tag form pdffonts and RIPs expect (six capitals and +), every font embedded', async () => {
    for (const language of ['nl', 'en']) {
      for (const font of await fontsOf(path.join(project.out, 'mini', language, 'cards.pdf'))) {
        expect(font.name).toMatch(/^[A-Z]{6}\+/);
        expect(font.embedded).toBe(true);
      }
    }
  });
});
