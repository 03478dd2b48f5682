import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFCheckBox, PDFDocument, PDFDropdown, PDFRadioGroup, PDFTextField } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { buildWorksheet, type BuiltWorksheet } from '../../../src/forms/build-invulblad.ts';
import { Printer } from '../../../src/print/printer.ts';
import { PrintCache } from '../../../src/print/print-cache.ts';
import { rasterisePdf } from '../../../src/preview/rasterise.ts';
import { REPO } from '../../support/fixtures.ts';
import { intersects } from '../../../src/deck/rect.ts';
import { tool } from '../../support/pdf-tools.ts';
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { FORM_FONT } from '../../../src/assets/fonts.ts';
import { subsetTrueType } from '../../../src/assets/font-subset.ts';

let dir: string;
const built = new Map<string, BuiltWorksheet>();
const SAMPLE = 'Zoë Ødegård, Łódź; İstanbul şğ; €12 – “ok”';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-invulblad-'));
  const project = projectPaths(REPO);
  const { deck } = await loadDeck(path.join(REPO, 'deck', 'swan'), project);
  const printer = new Printer(new PrintCache(path.join(dir, 'cache'), false));
  try {
    for (const language of ['nl', 'en']) built.set(language, await buildWorksheet(printer, project, deck!, language, path.join(dir, language)));
  } finally {
    await printer.close();
  }
  for (const [language, result] of built) await writeFile(path.join(dir, `${language}.pdf`), result.pdf);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (language: string) => PDFDocument.load(built.get(language)!.pdf);

/** A program that fills the form draws the new values with a font that has their letters, as a reader app does. */
async function saveFilled(doc: PDFDocument): Promise<Uint8Array> {
  doc.registerFontkit(fontkit);
  doc.getForm().updateFieldAppearances(await doc.embedFont(await subsetTrueType(FORM_FONT.file, SAMPLE + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ')));
  return doc.save({ updateFieldAppearances: false });
}

describe('the invulblad is a fillable form placed from the layout', () => {
  it('has stable, semantic field names of the right kinds', async () => {
    const form = (await open('nl')).getForm();
    const kind = (name: string) => form.getField(name).constructor.name;
    expect(kind('header.date')).toBe(PDFTextField.name);
    expect(form.getTextField('header.situation').isMultiline()).toBe(true);
    for (const condition of ['security', 'inclusion', 'cohesion', 'empowerment']) expect(kind(`round1.condition.${condition}`)).toBe(PDFCheckBox.name);
    for (const factor of ['resident', 'professional', 'team', 'organisation', 'environment']) expect(form.getTextField(`round2.factor.${factor}`).isMultiline()).toBe(true);
    expect(form.getRadioGroup('round2.dilemma').getOptions()).toEqual(['yes', 'no']);
    expect(form.getDropdown('round3.intervention.1.level').getOptions()).toEqual([' ', '1', '2', '3']);
    expect(form.getDropdown('signals.1.kind').getOptions()).toEqual([' ', 'Individueel', 'Gedeeld']);
    expect(kind('wrap-up.evaluation-date')).toBe(PDFTextField.name);
    expect(form.getFields().length).toBe(built.get('nl')!.fields.length - 1);
  });

  it('keeps every field inside its page and clear of every other field', async () => {
    const doc = await open('nl');
    const widgets = doc.getForm().getFields().flatMap((field) =>
      field.acroField.getWidgets().map((widget) => ({ name: field.getName(), rect: widget.getRectangle(), page: doc.getPages().findIndex((p) => p.ref === widget.P()) })),
    );
    for (const widget of widgets) {
      const page = doc.getPage(Math.max(0, widget.page)).getMediaBox();
      expect(widget.rect.x, widget.name).toBeGreaterThanOrEqual(page.x);
      expect(widget.rect.y + widget.rect.height, widget.name).toBeLessThanOrEqual(page.y + page.height);
    }
    for (const a of widgets) for (const b of widgets) if (a !== b && a.page === b.page) expect(intersects(a.rect, b.rect), `${a.name} / ${b.name}`).toBe(false);
  });

  it('puts each text field exactly over the box printed for it', async () => {
    const dpi = 150;
    const raster = await rasterisePdf(path.join(dir, 'nl.pdf'), dpi);
    try {
      const pages = await Promise.all(raster.files.map(async (file) => PNG.sync.read(await readFile(file))));
      const doc = await open('nl');
      const scale = dpi / 72;
      for (const field of doc.getForm().getFields().filter((f) => f instanceof PDFTextField)) {
        const widget = field.acroField.getWidgets()[0]!;
        const pageIndex = doc.getPages().findIndex((p) => p.ref === widget.P());
        const png = pages[pageIndex]!;
        const media = doc.getPage(pageIndex).getMediaBox();
        const rect = widget.getRectangle();
        const row = Math.round((media.y + media.height - (rect.y + rect.height / 2)) * scale);
        const edge = (rect.x - media.x) * scale;
        let darkest = { x: -1, value: 256 };
        for (let x = Math.floor(edge - 4); x <= Math.ceil(edge + 4); x++) {
          const value = png.data[(row * png.width + x) * 4]!;
          if (value < darkest.value) darkest = { x, value };
        }
        expect(darkest.value, `${field.getName()}: no box line near its left edge`).toBeLessThan(200);
        expect(Math.abs(darkest.x - edge), field.getName()).toBeLessThanOrEqual(2);
      }
    } finally {
      await rm(raster.dir, { recursive: true, force: true });
    }
  });

  it('keeps what people type, in any European script, through save and reopen', async () => {
    const doc = await open('en');
    const form = doc.getForm();
    for (const field of form.getFields()) {
      if (field instanceof PDFTextField) field.setText(SAMPLE);
      if (field instanceof PDFCheckBox) field.check();
      if (field instanceof PDFRadioGroup) field.select('yes');
      if (field instanceof PDFDropdown) field.select(field.getOptions().at(-1)!);
    }
    const reopened = (await PDFDocument.load(await saveFilled(doc))).getForm();
    expect(reopened.getTextField('header.team').getText()).toBe(SAMPLE);
    expect(reopened.getCheckBox('round1.condition.cohesion').isChecked()).toBe(true);
    expect(reopened.getRadioGroup('round2.dilemma').getSelected()).toBe('yes');
    expect(reopened.getDropdown('signals.2.kind').getSelected()).toEqual(['Shared']);
  });

  it('shows the typed text once flattened and printed', async () => {
    const doc = await open('en');
    const form = doc.getForm();
    form.getTextField('header.team').setText(SAMPLE);
    form.getTextField('round1.goal').setText('Fewer evictions in Schadewijk');
    const filled = await PDFDocument.load(await saveFilled(doc));
    filled.getForm().flatten({ updateFieldAppearances: false });
    const file = path.join(dir, 'flat.pdf');
    await writeFile(file, await filled.save({ updateFieldAppearances: false }));
    const text = (await tool('pdftotext', [file, '-'])).replace(/\s+/g, ' ');
    expect(text).toContain(SAMPLE);
    expect(text).toContain('Fewer evictions in Schadewijk');
    const raster = await rasterisePdf(file, 40, { first: 1, last: 1 });
    await rm(raster.dir, { recursive: true, force: true });
    expect(raster.files).toHaveLength(1);
  });

  it('has labels in each language, stays small and passes qpdf --check', async () => {
    expect(await tool('pdftotext', [path.join(dir, 'en.pdf'), '-'])).toContain('Round 1: What do you want to achieve?');
    expect(await tool('pdftotext', [path.join(dir, 'nl.pdf'), '-'])).toContain('Ronde 1: Wat wil je bereiken?');
    for (const language of ['nl', 'en']) {
      expect(built.get(language)!.pdf.length).toBeLessThan(300 * 1024);
      expect(await tool('qpdf', ['--check', path.join(dir, `${language}.pdf`)])).toContain('No syntax or stream encoding errors');
    }
  });
});
