import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PDFCheckBox,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRadioGroup,
  type PDFRawStream,
  PDFString,
  PDFTextField,
  decodePDFRawStream,
} from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { buildWorksheet, type BuiltWorksheet } from '../../../src/forms/build-worksheet.ts';
import { Printer } from '../../../src/print/printer.ts';
import { REPO } from '../../support/fixtures.ts';
import { intersects } from '../../../src/deck/rect.ts';
import { tool } from '../../support/pdf-tools.ts';
import { fieldWidgets, fillWithPdfJs, openWithPdfJs } from '../../support/pdfjs.ts';
import { PdfiumForm } from '../../support/pdfium.ts';

/** What people type, in the four scripts every worksheet must take; short enough for the narrowest box. */
const SAMPLES = { latin: 'Zoë Ø', extended: 'Łódź şğ', greek: 'Ωμέγα', cyrillic: 'Жизнь' };
const MUTOOL_FILL = fileURLToPath(new URL('../../support/mutool-fill.js', import.meta.url));

let dir: string;
const decks = new Map<string, LoadedDeck>();
const built = new Map<string, BuiltWorksheet>();
const fileOf = (key: string) => path.join(dir, `${key}.pdf`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-worksheet-'));
  const project = projectPaths(REPO);
  const printer = new Printer();
  try {
    for (const id of ['swan', 'besluitmodellen']) {
      const { deck } = await loadDeck(path.join(REPO, 'deck', id), project);
      decks.set(id, deck!);
      for (const language of ['nl', 'en']) {
        const result = await buildWorksheet(printer, project, deck!, language, path.join(dir, `${id}-${language}`));
        built.set(`${id}-${language}`, result);
        await writeFile(fileOf(`${id}-${language}`), result.pdf);
      }
    }
  } finally {
    await printer.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (key: string) => PDFDocument.load(built.get(key)!.pdf);
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('each deck declares its worksheet in deck.yaml', () => {
  it('builds the fields deck.yaml lists, with the kinds it gives, for both decks', async () => {
    for (const [id, deck] of decks) {
      const declared = Object.keys(deck.meta.worksheet!.fields).flatMap((name) => {
        const match = /\{([a-z0-9-]+)\}/.exec(name);
        const rows = match ? deck.meta.worksheet!.tables[match[1]!]! : 1;
        return Array.from({ length: rows }, (_, i) => (match ? name.replace(match[0], String(i + 1)) : name));
      });
      const form = (await open(`${id}-nl`)).getForm();
      expect(
        form
          .getFields()
          .map((field) => field.getName())
          .sort(),
        id,
      ).toEqual(declared.sort());
    }
    const swan = (await open('swan-nl')).getForm();
    expect(swan.getTextField('header.question').isMultiline()).toBe(true);
    for (const id of ['r1-security', 'r1-inclusion', 'r1-cohesion', 'r1-empowerment'])
      expect(swan.getField(`round1.${id}`)).toBeInstanceOf(PDFCheckBox);
    expect(swan.getField('round2.dilemma')).toBeInstanceOf(PDFRadioGroup);
    expect(swan.getField('round3.6.level')).toBeInstanceOf(PDFRadioGroup);
    expect(swan.getField('signals.3.kind')).toBeInstanceOf(PDFRadioGroup);
    const decision = (await open('besluitmodellen-en')).getForm();
    expect(decision.getField('model.four-windows')).toBeInstanceOf(PDFCheckBox);
    expect(decision.getTextField('decision.why').isMultiline()).toBe(true);
    expect(decision.getField('decision.by')).toBeInstanceOf(PDFTextField);
  });

  it('takes its paper from deck.yaml: every page is exactly the declared size', async () => {
    for (const [id, deck] of decks) {
      const { width, height } = deck.meta.worksheet!.pageSize;
      for (const page of (await open(`${id}-en`)).getPages()) {
        expect(page.getMediaBox().width).toBeCloseTo(width, 1);
        expect(page.getMediaBox().height).toBeCloseTo(height, 1);
      }
    }
  });

  it('shows the labels of its language, the level badges as 1 2 3, and no NaN, undefined or raw key', async () => {
    expect(flat(await tool('pdftotext', [fileOf('swan-en'), '-']))).toContain('The presenter’s question to the group');
    expect(flat(await tool('pdftotext', [fileOf('swan-nl'), '-']))).toContain('De vraag van de inbrenger aan de groep');
    expect(flat(await tool('pdftotext', [fileOf('besluitmodellen-nl'), '-']))).toContain('Welk model of welke modellen heb je gebruikt?');
    expect(flat(await tool('pdftotext', [fileOf('besluitmodellen-en'), '-']))).toContain('Reverse test');
    const badges = flat(await tool('pdftotext', ['-f', '2', '-l', '2', fileOf('swan-nl'), '-']));
    expect(badges).toMatch(/1 Individu, huishouden, gezin/);
    expect(badges).toMatch(/2 Groep, buurt/);
    expect(badges).toMatch(/3 Organisatie, beleid/);
    for (const key of built.keys()) {
      const text = await tool('pdftotext', [fileOf(key), '-']);
      expect(text, key).not.toMatch(/NaN|undefined|\{\{|\bws\.|worksheet\.[a-z]/);
    }
  });
});

describe('the fields fill right in every reader', () => {
  it('declares the field font in /DR and names it in every field /DA; the font is embedded with a subset tag', async () => {
    for (const key of built.keys()) {
      const doc = await open(key);
      const acroForm = doc.getForm().acroForm.dict;
      const fonts = acroForm.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict);
      const [fontName] = fonts.keys();
      expect(fontName, key).toBeDefined();
      expect(acroForm.lookup(PDFName.of('DA'), PDFString).decodeText()).toMatch(new RegExp(`^${fontName!.asString()} \\d+ Tf`));
      // A text box of one line sizes its text to fit (0: auto); every other field is set at 9 pt.
      for (const field of doc.getForm().getFields()) {
        const size = field instanceof PDFTextField && !field.isMultiline() ? 0 : 9;
        expect(field.acroField.getDefaultAppearance(), field.getName()).toContain(`${fontName!.asString()} ${size} Tf`);
      }
      expect(acroForm.has(PDFName.of('NeedAppearances'))).toBe(false);
    }
    const fonts = await tool('pdffonts', [fileOf('swan-en')]);
    const fieldFont = fonts.split('\n').find((line) => /^[A-Z]{6}\+SourceSans3-Regular/.test(line) && !line.startsWith('CAAAAA'));
    expect(fieldFont, fonts).toMatch(/yes\s+yes\s+yes/);
  });

  it('has tooltips from the visible labels, radio values in the language, and no blank dropdown option', async () => {
    const nl = await openWithPdfJs(built.get('swan-nl')!.pdf);
    const widgets = await fieldWidgets(nl);
    const byName = (name: string) => widgets.filter((widget) => widget.name === name);
    expect(byName('round2.dilemma').map((widget) => widget.exportValues)).toEqual(['Ja', 'Nee']);
    expect(byName('round3.1.level').map((widget) => widget.exportValues)).toEqual(['1', '2', '3']);
    expect(byName('signals.1.kind').map((widget) => widget.exportValues)).toEqual(['Individueel', 'Gedeeld']);
    const annotations = await (await nl.getPage(1)).getAnnotations();
    const tooltip = (name: string) => annotations.find((annotation) => annotation.fieldName === name)?.alternativeText;
    expect(tooltip('header.question')).toBe('De vraag van de inbrenger aan de groep');
    expect(tooltip('round1.r1-cohesion')).toBe('Sociale cohesie');
    // Each radio button names its own option, so a screen reader does not hear one question twice.
    expect(
      annotations.filter((annotation) => annotation.fieldName === 'round2.dilemma').map((annotation) => annotation.alternativeText),
    ).toEqual(['Speelt er een moreel dilemma? Ja', 'Speelt er een moreel dilemma? Nee']);
    expect(byName('round1.r1-cohesion')[0]!.exportValues).toBe('Ja');
    await nl.destroy();
    const decision = await openWithPdfJs(built.get('besluitmodellen-en')!.pdf);
    const models = (await fieldWidgets(decision)).filter((widget) => widget.name.startsWith('model.'));
    expect(models.map((widget) => widget.type)).toEqual(Array(6).fill('checkbox'));
    const modelTooltips = (await (await decision.getPage(1)).getAnnotations())
      .filter((annotation) => String(annotation.fieldName).startsWith('model.'))
      .map((annotation) => annotation.alternativeText);
    expect(new Set(modelTooltips).size).toBe(6);
    expect(modelTooltips).toContain('Which model or models did you use? Four Windows');
    await decision.destroy();
  });

  it('tabs through the fields in reading order: the order of the template', async () => {
    for (const key of ['swan-en', 'besluitmodellen-en']) {
      const doc = await openWithPdfJs(built.get(key)!.pdf);
      const order: string[] = [];
      for (let page = 1; page <= doc.numPages; page++)
        order.push(...(await (await doc.getPage(page)).getAnnotations()).map((annotation) => annotation.fieldName as string));
      const template = built
        .get(key)!
        .fields.flatMap((field) =>
          field.boxes.map((box) => ({ name: field.name, page: box.page, top: box.top, height: box.height, x: box.x })),
        );
      const reading = readingOrder(template).map((box) => box.name);
      expect(order, key).toEqual(reading);
      await doc.destroy();
    }
  });

  it('draws nothing over the printed boxes while blank: the page looks the same with and without its fields', async () => {
    for (const key of ['swan-nl', 'besluitmodellen-nl']) {
      const withFields = await tool('pdftoppm', ['-r', '100', '-gray', fileOf(key)]);
      const without = await tool('pdftoppm', ['-r', '100', '-gray', '-hide-annotations', fileOf(key)]);
      expect(withFields === without, `${key}: a blank field paints over the printed page`).toBe(true);
    }
  });

  it('keeps Latin, Latin Extended, Greek and Cyrillic typed in pdf.js (annotation storage and save), shown by poppler and pdf.js', async () => {
    for (const key of ['swan-en', 'besluitmodellen-nl']) {
      const typed = typedValues(key);
      const first = new Set<string>();
      const filled = await fillWithPdfJs(built.get(key)!.pdf, (widget) => {
        if (widget.type === 'text') return typed.get(widget.name);
        if (widget.type === 'checkbox') return true;
        if (widget.type === 'combobox') return widget.items!.at(-1)!.exportValue;
        if (widget.type === 'radiobutton' && !first.has(widget.name)) return first.add(widget.name) && true;
        return undefined;
      });
      const file = path.join(dir, `${key}-pdfjs.pdf`);
      await writeFile(file, filled);
      // pdf.js asks other readers to redraw only when the field font cannot encode what was typed.
      expect((await PDFDocument.load(filled)).getForm().acroForm.dict.has(PDFName.of('NeedAppearances')), key).toBe(false);
      for (const [name, value] of typed) expect(await textInField(file, key, name), `${key} ${name}`).toContain(value);
      const reopened = await openWithPdfJs(filled);
      const values = new Map((await fieldWidgets(reopened)).map((widget) => [widget.name, widget.value]));
      for (const [name, value] of typed) expect(values.get(name), name).toBe(value);
      expect((await (await reopened.getPage(1)).getOperatorList({ annotationMode: 1 })).fnArray.length).toBeGreaterThan(0);
      await reopened.destroy();
      expect(await renderWarnings(file), key).not.toMatch(/couldn't find a font|Unknown font/i);
      expect(await tool('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
    }
  });

  it('wraps a long answer in a narrow table column inside its box, so none of it is cut off', async () => {
    const key = 'swan-nl';
    const answers = new Map([
      ['round3.1.owner', 'Fatima en Łukasz van het wijkteam'],
      ['round3.1.by-when', 'vóór de evaluatie in maart'],
      ['round3.1.order', 'eerst, daarna stap twee'],
    ]);
    const filled = await fillWithPdfJs(built.get(key)!.pdf, (widget) => (widget.type === 'text' ? answers.get(widget.name) : undefined));
    const file = path.join(dir, `${key}-long.pdf`);
    await writeFile(file, filled);
    for (const [name, answer] of answers) expect((await textInField(file, key, name)).trim(), name).toBe(answer);
  });

  it('keeps what is typed through mupdf (mutool run) and shows it in every script mupdf draws', async () => {
    const key = 'swan-nl';
    const typed = typedValues(key);
    const fields = built.get(key)!.fields;
    const byLabel = Object.fromEntries([
      ...fields.filter((field) => typed.has(field.name)).map((field) => [field.boxes[0]!.label, typed.get(field.name)!]),
      ['Speelt er een moreel dilemma? Ja', true],
      ['Rij 3, Individueel of gedeeld: Gedeeld', true],
    ]);
    const file = path.join(dir, `${key}-mutool.pdf`);
    await tool('mutool', ['run', MUTOOL_FILL, fileOf(key), file, JSON.stringify(byLabel)]);
    const form = (await PDFDocument.load(await readFile(file))).getForm();
    for (const [name, value] of typed) expect(form.getTextField(name).getText(), name).toBe(value);
    expect(form.getCheckBox('round1.r1-cohesion').isChecked()).toBe(true);
    expect(form.getRadioGroup('round2.dilemma').getSelected()).toBe('Ja');
    expect(form.getRadioGroup('signals.3.kind').getSelected()).toBe('Gedeeld');
    // mupdf 1.21 draws field text in its own Helvetica, which has Latin-1, Greek and Cyrillic but
    // not Latin Extended-A (shown as "·"); the value itself is kept, as checked above.
    for (const [name, value] of typed) {
      if (!value.startsWith(SAMPLES.extended)) expect(await textInField(file, key, name), name).toContain(value);
    }
    expect(await tool('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
  });

  it('is tagged for screen readers, its title and sections as headings', async () => {
    for (const key of built.keys()) {
      expect(await tool('pdfinfo', [fileOf(key)]), key).toMatch(/^Tagged:\s+yes$/m);
      const structure = await tool('pdfinfo', ['-struct', fileOf(key)]);
      expect(structure.match(/^\s+H1\b/gm), key).toHaveLength(1);
      expect((structure.match(/^\s+H2\b/gm) ?? []).length, key).toBeGreaterThanOrEqual(3);
    }
  });

  it("heads the decision worksheet's decision and notes sections, in both languages", async () => {
    for (const [key, headings] of [
      ['besluitmodellen-nl', ['Het besluit', 'Aantekeningen']],
      ['besluitmodellen-en', ['The decision', 'Notes']],
    ] as const) {
      const structure = await tool('pdfinfo', ['-struct-text', fileOf(key)]);
      const h2 = [...structure.matchAll(/^\s+H2\b[^\n]*\n(?:\s+NonStruct\n)?\s+"([^"]*)"/gm)].map((match) => match[1]);
      for (const heading of headings) expect(h2, key).toContain(heading);
    }
  });

  it('stays small and passes qpdf --check', async () => {
    for (const key of built.keys()) {
      expect(built.get(key)!.pdf.length, key).toBeLessThan(400 * 1024);
      expect(await tool('qpdf', ['--check', fileOf(key)])).toContain('No syntax or stream encoding errors');
    }
  });

  it('keeps every field inside its page and clear of every other field', async () => {
    const doc = await open('swan-nl');
    const widgets = doc
      .getForm()
      .getFields()
      .flatMap((field) =>
        field.acroField.getWidgets().map((widget) => ({
          name: field.getName(),
          rect: widget.getRectangle(),
          page: doc.getPages().findIndex((p) => p.ref === widget.P()),
        })),
      );
    for (const widget of widgets) {
      const page = doc.getPage(Math.max(0, widget.page)).getMediaBox();
      expect(widget.rect.x, widget.name).toBeGreaterThanOrEqual(page.x);
      expect(widget.rect.y + widget.rect.height, widget.name).toBeLessThanOrEqual(page.y + page.height);
    }
    for (const a of widgets)
      for (const b of widgets) if (a !== b && a.page === b.page) expect(intersects(a.rect, b.rect), `${a.name} / ${b.name}`).toBe(false);
  });

  it('draws a tick and a dot only when on, in the ink colour, and an empty look when off', async () => {
    const doc = await open('swan-nl');
    for (const name of ['round1.r1-security', 'round2.dilemma']) {
      for (const widget of doc.getForm().getField(name).acroField.getWidgets()) {
        const normal = widget.dict.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N'), PDFDict);
        const content = (state: PDFName) => new TextDecoder().decode(decodePDFRawStream(normal.lookup(state) as PDFRawStream).decode());
        const [on] = normal.keys().filter((state) => state !== PDFName.of('Off'));
        expect(content(PDFName.of('Off')), name).toBe('');
        expect(content(on!), name).toMatch(/0\.11 0\.11 0\.1 (rg|RG)/);
        expect(content(on!), name).not.toMatch(/\bre\b/);
        expect(widget.dict.has(PDFName.of('MK')), name).toBe(false);
      }
    }
  });
});

describe('a blank sheet works with a pen, and says what it is and where it comes from (content review W1-W10)', () => {
  /** Every field's tooltip (what a screen reader says), by field name, from pdf.js. */
  async function tooltips(key: string): Promise<Map<string, string[]>> {
    const doc = await openWithPdfJs(built.get(key)!.pdf);
    const byName = new Map<string, string[]>();
    for (let page = 1; page <= doc.numPages; page++)
      for (const annotation of await (await doc.getPage(page)).getAnnotations())
        byName.set(annotation.fieldName, [...(byName.get(annotation.fieldName) ?? []), annotation.alternativeText]);
    await doc.destroy();
    return byName;
  }
  const text = async (key: string, page?: number) =>
    flat(await tool('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), fileOf(key), '-']));

  it('W1: the wrap-up has a heading of its own, like the rounds', async () => {
    expect(await text('swan-nl', 2)).toContain('Afronden en verantwoorden');
    expect(await text('swan-en', 2)).toContain('Wrap-up and justification');
    const structure = await tool('pdfinfo', ['-struct', fileOf('swan-nl')]);
    // Rounds 1-3, the signals and the wrap-up.
    expect(structure.match(/^\s+H2\b/gm)).toHaveLength(5);
  });

  it('W2, W3, W4: a line per role, "owner" said plainly, and the round 2 hint printed', async () => {
    const nl = await tooltips('swan-nl');
    expect(['header.presenter', 'header.chair', 'header.scribe', 'header.others'].map((name) => nl.get(name)![0])).toEqual([
      'Inbrenger',
      'Gespreksleider',
      'Schrijver',
      'Overige deelnemers',
    ]);
    expect((await tooltips('swan-en')).get('header.chair')).toEqual(['Facilitator']);
    expect(await text('swan-nl', 2)).toContain('Wie trekt het?');
    expect(await text('swan-en', 2)).toContain('Owner');
    expect(await text('swan-nl', 1)).toContain('Wat weegt mee?');
    expect(await text('swan-en', 1)).toContain('What carries weight?');
  });

  it('W5: prints every option of the level and signal columns, to tick by hand or on screen', async () => {
    for (const [key, shared] of [
      ['swan-nl', 'Gedeeld'],
      ['swan-en', 'Shared'],
    ] as const) {
      const page = await tool('pdftotext', ['-layout', '-f', '2', '-l', '2', fileOf(key), '-']);
      expect(page.match(/^\s*1\s+2\s+3\b/gm), key).toHaveLength(6);
      expect(page.match(new RegExp(`\\b${shared}\\b`, 'g')), key).toHaveLength(3);
      const withoutFields = await tool('pdftoppm', ['-r', '100', '-gray', '-hide-annotations', '-f', '2', '-l', '2', fileOf(key)]);
      const withFields = await tool('pdftoppm', ['-r', '100', '-gray', '-f', '2', '-l', '2', fileOf(key)]);
      expect(withFields === withoutFields, key).toBe(true);
    }
  });

  it('W6 (A3): names table fields by row first, and no level that does not exist', async () => {
    const nl = await tooltips('swan-nl');
    const all = [...nl.values()].flat();
    expect(all.filter((tooltip) => /\b(Niveau|Level) [4-9]/.test(tooltip))).toEqual([]);
    expect(nl.get('round3.4.level')).toEqual(['Rij 4, Niveau: 1', 'Rij 4, Niveau: 2', 'Rij 4, Niveau: 3']);
    expect(nl.get('round3.4.what')).toEqual(['Rij 4: Interventie']);
    expect(nl.get('signals.1.agenda')).toEqual(['Rij 1: Waar agenderen?']);
    expect((await tooltips('swan-en')).get('signals.2.kind')).toEqual([
      'Row 2, Individual or shared: Individual',
      'Row 2, Individual or shared: Shared',
    ]);
    expect((await tooltips('besluitmodellen-nl')).get('steps.1.what')).toEqual(['Rij 1: Wat is er gedaan of besproken?']);
  });

  it('W7: each worksheet names its source and what is reconstructed or added', async () => {
    expect(await text('swan-nl', 2)).toContain('han.nl/swan');
    expect(await text('swan-en', 2)).toMatch(
      /HAN and Movisie \(han\.nl\/swan\)\. Reconstructed, not taken from it: the layout of this worksheet, the names of the five factors/,
    );
    expect(await text('besluitmodellen-nl', 2)).toContain('Dit invulblad is een aanvulling van deze uitgave');
    expect(await text('besluitmodellen-en', 2)).toContain('it is not part of the guide');
  });

  it('W8, W9: the decision worksheet takes more than one model, and how the decision was explained', async () => {
    const filled = await fillWithPdfJs(built.get('besluitmodellen-nl')!.pdf, (widget) =>
      widget.name === 'model.four-windows' || widget.name === 'model.reverse-test' ? true : undefined,
    );
    const form = (await PDFDocument.load(filled)).getForm();
    const ticked = form
      .getFields()
      .filter((field) => field instanceof PDFCheckBox && field.isChecked())
      .map((field) => field.getName());
    expect(ticked).toEqual(['model.four-windows', 'model.reverse-test']);
    expect(form.getTextField('decision.explained').isMultiline()).toBe(true);
    expect((await tooltips('besluitmodellen-nl')).get('decision.explained')).toEqual([
      'Hoe en aan wie is het besluit uitgelegd, en hoe kan er bezwaar worden gemaakt?',
    ]);
    expect((await tooltips('besluitmodellen-en')).get('model.four-windows')).toEqual(['Which model or models did you use? Four Windows']);
  });

  it('W10 (E1): the English overview is "at a glance"', async () => {
    expect(await text('besluitmodellen-en', 2)).toContain('The six models at a glance');
  });
});

describe('Chrome and Edge (PDFium) fill it as they show it', () => {
  /** The names the issue reported, in Turkish, Polish, Greek and Russian. */
  const NAMES = 'Doğan Yılmaz İz Łukasz Αλέξανδρος Дмитрий';

  it('keeps every letter typed through PDFium in the saved appearance, drawn in the field font', async () => {
    for (const [key, name] of [
      ['swan-nl', 'header.question'],
      ['swan-en', 'header.team'],
      ['besluitmodellen-nl', 'decision.what'],
      ['besluitmodellen-en', 'decision.why'],
    ] as const) {
      const field = built.get(key)!.fields.find((candidate) => candidate.name === name)!;
      const page = field.boxes[0]!.page;
      const viewer = await PdfiumForm.open(built.get(key)!.pdf);
      viewer.click(page, name);
      viewer.type(page, NAMES);
      viewer.leaveField();
      const saved = viewer.save();
      viewer.close();
      const file = path.join(dir, `${key}-pdfium.pdf`);
      await writeFile(file, saved);
      expect(await textInField(file, key, name), `${key} ${name}`).toContain(NAMES);
      // Every run of the typed text is set in the font /DR names, which is the embedded field font.
      const doc = await PDFDocument.load(saved);
      const fontKey = doc.getForm().acroForm.dict.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict).keys()[0]!;
      const widget = doc.getForm().getField(name).acroField.getWidgets()[0]!;
      const look = widget.dict.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N')) as PDFRawStream;
      const fonts = new TextDecoder('latin1').decode(decodePDFRawStream(look).decode()).match(/\/[^\s/]+(?=\s+[\d.]+\s+Tf)/g);
      expect(new Set(fonts), `${key} ${name}`).toEqual(new Set([fontKey.toString()]));
      // Ghostscript reads what PDFium wrote without an error.
      await tool('gs', ['-q', '-dPDFSTOPONERROR', '-dBATCH', '-dNOPAUSE', '-sDEVICE=nullpage', file]);
      expect(await tool('pdffonts', [file])).toMatch(/^[A-Z]{6}\+SourceSans3-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/m);
      // Chrome opens the saved file again and draws it: the box has the typed line in it.
      const reopened = await PdfiumForm.open(saved);
      const png = reopened.render(page, 1240);
      reopened.close();
      await writeFile(path.join(dir, `${key}-pdfium.png`), PNG.sync.write(png));
      const { width } = decks.get(key.replace(/-(nl|en)$/, ''))!.meta.worksheet!.pageSize;
      expect(inkIn(png, field.boxes[0]!, width), key).toBeGreaterThan(200);
    }
  });

  /** Types into each field through PDFium, saves, and draws the saved pages as Chrome does, 4 px a point. */
  async function typedInPdfium(key: string, answers: Map<string, string>) {
    const fields = built.get(key)!.fields;
    const pageOf = (name: string) => fields.find((field) => field.name === name)!.boxes[0]!.page;
    const viewer = await PdfiumForm.open(built.get(key)!.pdf);
    for (const [name, answer] of answers) {
      viewer.click(pageOf(name), name);
      viewer.type(pageOf(name), answer);
      viewer.leaveField();
    }
    const saved = viewer.save();
    viewer.close();
    const reopened = await PdfiumForm.open(saved);
    const { width, height } = decks.get(key.replace(/-(nl|en)$/, ''))!.meta.worksheet!.pageSize;
    const scale = 4;
    const seen = [...answers.keys()].map((name) => {
      const page = pageOf(name);
      const widget = reopened.widgets(page).find((candidate) => candidate.name === name)!;
      const png = reopened.render(page, Math.round(width * scale));
      // The widget's rectangle in the picture, in points from the page's top left.
      return {
        name,
        png,
        rect: { x: widget.left, top: height - widget.top, width: widget.right - widget.left, height: widget.top - widget.bottom },
      };
    });
    reopened.close();
    return { seen, width };
  }

  it('shows whole lines in a box of several lines: the line that does not fit is not drawn cut through at its foot', async () => {
    const long = 'eerst overleggen, daarna bellen, dan schrijven en tot slot afspreken';
    for (const [key, names] of [
      ['swan-nl', ['round3.1.order', 'round3.1.by-when', 'round3.1.owner', 'signals.1.agenda', 'round2.values']],
      ['besluitmodellen-en', ['steps.1.what', 'steps.1.who', 'decision.explained']],
    ] as const) {
      const { seen, width } = await typedInPdfium(key, new Map(names.map((name) => [name, `${long} ${long}`])));
      for (const { name, png, rect } of seen) {
        expect(
          inkIn(png, { x: rect.x - 3, top: rect.top - 3, width: rect.width + 6, height: rect.height / 2 + 6 }, width),
          name,
        ).toBeGreaterThan(200);
        // The last point inside the box: below the last whole line's descenders, above where a cut line would show.
        const foot = { x: rect.x - 3, top: rect.top + rect.height - 1.2 - 3, width: rect.width + 6, height: 1.2 + 6 };
        expect(inkIn(png, foot, width), `${key} ${name}`).toBe(0);
      }
    }
  });

  it('sets a long name in a box of one line smaller rather than cutting it off at the right edge', async () => {
    const name = 'Maximiliaan-Bartholomeus Oldenbarnevelt-Łukasiewicz';
    for (const [key, names] of [
      ['swan-nl', ['header.date', 'header.presenter', 'header.chair', 'header.scribe']],
      ['besluitmodellen-nl', ['header.date', 'decision.by', 'decision.with', 'decision.review-date']],
    ] as const) {
      const { seen, width } = await typedInPdfium(key, new Map(names.map((field) => [field, name])));
      for (const { name: field, png, rect } of seen) {
        expect(
          inkIn(png, { x: rect.x - 3, top: rect.top - 3, width: rect.width + 6, height: rect.height + 6 }, width),
          field,
        ).toBeGreaterThan(200);
        const edge = { x: rect.x + rect.width - 1.5 - 3, top: rect.top - 3, width: 1.5 + 6, height: rect.height + 6 };
        expect(inkIn(png, edge, width), `${key} ${field}`).toBe(0);
      }
    }
  });

  it("moves Tab through each page in the template's reading order, skipping no field", async () => {
    for (const key of ['swan-nl', 'besluitmodellen-en']) {
      const viewer = await PdfiumForm.open(built.get(key)!.pdf);
      const boxes = built.get(key)!.fields.flatMap((field) => field.boxes.map((box) => ({ ...box, name: field.name })));
      for (let page = 0; page < viewer.pageCount; page++) {
        const reading = readingOrder(boxes.filter((box) => box.page === page)).map((box) => box.name);
        if (reading.length === 0) continue;
        viewer.click(page, reading[0]!);
        const visited = [viewer.focused()];
        for (let i = 1; i < reading.length; i++) {
          viewer.tab(page);
          visited.push(viewer.focused());
        }
        expect(visited, `${key} page ${page + 1}`).toEqual(reading);
      }
      viewer.close();
    }
  });
});

/** How many dark pixels a render at `png.width` px across a page `pageWidth` pt wide has inside a field's box. */
function inkIn(png: PNG, box: { x: number; top: number; width: number; height: number }, pageWidth: number): number {
  const scale = png.width / pageWidth;
  let ink = 0;
  for (let y = Math.ceil((box.top + 3) * scale); y < Math.floor((box.top + box.height - 3) * scale); y++)
    for (let x = Math.ceil((box.x + 3) * scale); x < Math.floor((box.x + box.width - 3) * scale); x++)
      if (png.data[(y * png.width + x) * 4]! < 128) ink++;
  return ink;
}

/**
 * The order a person reads the fields in: row by row from the top, each row left to right. A row
 * is every box whose middle lies within the height of the top-most box left; a box below another
 * in one cell (stacked options) follows it.
 */
function readingOrder<T extends { page: number; top: number; height: number; x: number }>(boxes: T[]): T[] {
  const left = [...boxes].sort((a, b) => a.page - b.page || a.top - b.top || a.x - b.x);
  const order: T[] = [];
  while (left.length > 0) {
    const first = left[0]!;
    const row = left.filter((box) => box.page === first.page && box.top + box.height / 2 <= first.top + first.height);
    row.sort((a, b) => a.x - b.x || a.top - b.top);
    order.push(...row);
    for (const box of row) left.splice(left.indexOf(box), 1);
  }
  return order;
}

/** A value per text field, the four scripts in turn, numbered so each is found in its own box. */
function typedValues(key: string): Map<string, string> {
  const samples = Object.values(SAMPLES);
  const text = built.get(key)!.fields.filter((field) => field.type === 'text' || field.type === 'multiline');
  return new Map(text.map((field, i) => [field.name, `${samples[i % samples.length]} ${i}`]));
}

/** The text poppler finds inside a field's box on its page. */
async function textInField(file: string, key: string, name: string): Promise<string> {
  const box = built.get(key)!.fields.find((field) => field.name === name)!.boxes[0]!;
  const area = ['-x', box.x, '-y', box.top, '-W', box.width, '-H', box.height].map((value) =>
    typeof value === 'number' ? String(Math.round(value)) : value,
  );
  return flat(await tool('pdftotext', ['-r', '72', '-f', String(box.page + 1), '-l', String(box.page + 1), ...area, file, '-']));
}

/** What poppler says while rendering every page (its warnings go to stderr). */
async function renderWarnings(file: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'poppler')], (_error, _stdout, stderr) => resolve(stderr));
  });
}
