import fontkit from '@pdf-lib/fontkit';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';
import { MAX_BLOCK_ENTRIES, splitCMapBlocks } from '../../../src/pdf/to-unicode.ts';
import { saveDeterministic } from '../../../src/pdf-write/save-pdf.ts';
import { tool } from '../../support/pdf-tools.ts';

const TEXT = 'Łódź Şişli Ωμέγα Жёлтый';

/** A page drawn by pdf-lib with a whole font embedded: its ToUnicode map lists about 1,600 glyphs. */
async function pageWithWholeFont(): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const sans = BUNDLED_FONTS.find((face) => face.family.startsWith('Source Sans') && face.weight === 400 && face.style === 'normal')!;
  const font = await doc.embedFont(await readFile(sans.file), { subset: false });
  doc.addPage([400, 100]).drawText(TEXT, { x: 10, y: 50, size: 14, font });
  return doc;
}

const ghostscriptText = (file: string) =>
  tool('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=txtwrite', '-sOutputFile=-', file]);

describe('ToUnicode maps that strict readers accept', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-tounicode-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('split a long bfchar block into blocks of at most 100 entries, keeping every entry in order', () => {
    const entries = Array.from(
      { length: 250 },
      (_, i) => `<${i.toString(16).padStart(4, '0')}> <${(0x400 + i).toString(16).padStart(4, '0')}>`,
    );
    const cmap = `begincmap\n1 begincodespacerange\n<0000><ffff>\nendcodespacerange\n250 beginbfchar\n${entries.join('\n')}\nendbfchar\n1 beginbfrange\n<1000> <1001> [<0041> <0042>]\nendbfrange\nendcmap`;
    const split = splitCMapBlocks(cmap)!;
    const counts = [...split.matchAll(/(\d+) beginbfchar/g)].map((match) => Number(match[1]));
    expect(counts).toEqual([100, 100, 50]);
    expect(split.match(/<[0-9a-f]{4}> <04[0-9a-f]{2}>/g)).toEqual(entries);
    expect(split).toContain('1 beginbfrange\n<1000> <1001> [<0041> <0042>]\nendbfrange');
    expect(splitCMapBlocks(split)).toBeUndefined();
  });

  it('let Ghostscript extract the text pdf-lib draws with a whole embedded font, as poppler does', async () => {
    const asPdfLibWrites = path.join(dir, 'pdf-lib.pdf');
    await writeFile(asPdfLibWrites, await (await pageWithWholeFont()).save());
    const asWeWrite = path.join(dir, 'ours.pdf');
    await writeFile(asWeWrite, await saveDeterministic(await pageWithWholeFont(), { title: 't', language: 'nl' }));

    // The defect this guards against: one block of every glyph, which Ghostscript drops.
    const blocks = (await tool('qpdf', ['--qdf', '--object-streams=disable', asPdfLibWrites, '-'])).match(/(\d+) beginbfchar/g) ?? [];
    expect(Math.max(...blocks.map((block) => Number.parseInt(block, 10)))).toBeGreaterThan(MAX_BLOCK_ENTRIES);
    expect(await ghostscriptText(asPdfLibWrites)).not.toContain(TEXT);

    expect(await ghostscriptText(asWeWrite)).toContain(TEXT);
    expect(await tool('pdftotext', [asWeWrite, '-'])).toContain(TEXT);
    expect(await tool('qpdf', ['--check', asWeWrite])).toContain('No syntax or stream encoding errors');
  });
});
