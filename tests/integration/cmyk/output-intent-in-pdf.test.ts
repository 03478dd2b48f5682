import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToCmyk } from '../../../src/cmyk/cmyk.ts';
import { GHOSTSCRIPT_ICC, profileDescribedAs } from '../../support/icc-profiles.ts';
import { ghostscriptPdfxComplaints, tool } from '../../support/pdf-tools.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-intent-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The /OutputIntent as mutool prints it (arrays count from 1 there). */
async function outputIntentIn(pdf: string): Promise<string> {
  return tool('mutool', ['show', pdf, 'trailer/Root/OutputIntents/1']);
}

describe("the output intent from the shop's ICC profile", () => {
  describe('written by Ghostscript into the file, as an outside reader sees it', () => {
    let input: string;
    beforeAll(async () => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.setTitle('Intent test');
      const page = doc.addPage([200, 200]);
      page.setBleedBox(0, 0, 200, 200);
      page.setTrimBox(8.5, 8.5, 183, 183);
      page.drawRectangle({ x: 0, y: 0, width: 200, height: 100, color: rgb(0.11, 0.49, 0.55) });
      input = path.join(dir, 'input.pdf');
      await writeFile(input, await doc.save());
    });

    it('PDF/X-1a:2003 with a FOGRA39 profile: version keys, identifier, condition, info, registry and the profile itself', async () => {
      const output = path.join(dir, 'fogra39-x1a.pdf');
      await convertToCmyk(input, output, { icc: await profileDescribedAs(dir, 'Coated FOGRA39'), pdfx: 'PDF/X-1a:2003' });
      const intent = await outputIntentIn(output);
      expect(intent).toContain('/OutputConditionIdentifier (FOGRA39)');
      expect(intent).toContain('/OutputCondition (Offset printing, ISO 12647-2:2004, coated paper \\(FOGRA39\\))');
      expect(intent).toContain('/Info (Coated FOGRA39)');
      expect(intent).toContain('/RegistryName (http://www.color.org)');
      expect(intent).toContain('/S /GTS_PDFX');
      const profile = await tool('mutool', ['show', '-b', output, 'trailer/Root/OutputIntents/1/DestOutputProfile']);
      expect(profile).toContain('Coated FOGRA39');
      expect(await tool('pdfinfo', [output])).toMatch(/PDF subtype:\s+PDF\/X-1:2003[\s\S]*ISO 15930-4/);
      expect(await tool('mutool', ['show', output, 'trailer/Info'])).toMatch(/\/GTS_PDFXConformance \(PDF\/X-1a:2003\)/);
      expect(await ghostscriptPdfxComplaints(output)).toEqual([]);
    });

    it("Ghostscript's PDF/X check speaks up on a damaged file", async () => {
      const good = await readFile(path.join(dir, 'fogra39-x1a.pdf'));
      const at = good.lastIndexOf('startxref');
      const damaged = path.join(dir, 'damaged-xref.pdf');
      await writeFile(damaged, Buffer.concat([good.subarray(0, at), Buffer.from('startxref\n12345\n%%EOF\n')]));
      expect((await ghostscriptPdfxComplaints(damaged)).join('\n')).toMatch(/startxref offset invalid/);
    });

    it('drops a link annotation, which PDF/X forbids on the page, rather than write a file that only claims PDF/X', async () => {
      const doc = await PDFDocument.load(await readFile(input), { updateMetadata: false });
      const link = doc.context.register(
        doc.context.obj({
          Type: 'Annot',
          Subtype: 'Link',
          Rect: [20, 20, 120, 60],
          Border: [0, 0, 0],
          A: { S: 'URI', URI: PDFString.of('https://example.org') },
        }),
      );
      doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([link]));
      const linked = path.join(dir, 'linked.pdf');
      await writeFile(linked, await doc.save());
      expect(await ghostscriptPdfxComplaints(linked)).toContain('not permitted in PDF/X, aborting conversion');
      const output = path.join(dir, 'linked-x1a.pdf');
      await convertToCmyk(linked, output, { pdfx: 'PDF/X-1a:2003' });
      expect(await tool('mutool', ['show', output, 'trailer/Root/Pages/Kids/1'])).not.toContain('/Annots');
      expect(await ghostscriptPdfxComplaints(output)).toEqual([]);
    });

    it('PDF/X-3:2002 with a profile of its own: Custom, described in its words', async () => {
      const output = path.join(dir, 'custom-x3.pdf');
      await convertToCmyk(input, output, { icc: path.join(GHOSTSCRIPT_ICC, 'ps_cmyk.icc'), pdfx: 'PDF/X-3:2002' });
      const intent = await outputIntentIn(output);
      expect(intent).toContain('/OutputConditionIdentifier (Custom)');
      expect(intent).toContain('/Info (Artifex PS CMYK Profile)');
      expect(intent).not.toContain('/RegistryName');
      expect(await tool('pdfinfo', [output])).toMatch(/PDF subtype:\s+PDF\/X-3:2002/);
    });
  });
});
