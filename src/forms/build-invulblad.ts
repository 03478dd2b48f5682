import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { FORM_FONT } from '../assets/fonts.ts';
import { subsetTrueType } from '../assets/font-subset.ts';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import { mmToPt } from '../deck/units.ts';
import type { Printer } from '../print/printer.ts';
import { saveDeterministic } from '../print/pdf-output.ts';
import { browserScript } from '../print/browser-script.ts';
import { cropFromTopLeft } from '../print/box-faces.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import { addFormFields, type MeasuredField } from './add-form-fields.ts';
import { renderWorksheet } from './render-invulblad.ts';

const A4 = { width: mmToPt(210), height: mmToPt(297) };
const MEASURE_SCRIPT = browserScript(new URL('./measure-fields.browser.js', import.meta.url));

/** What people type into the form: every Latin script letter of Europe, punctuation and currency. */
const FORM_CHARACTERS = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
]
  .flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String.fromCodePoint(from! + i)))
  .join('');

export interface BuiltWorksheet {
  pdf: Uint8Array;
  fields: MeasuredField[];
}

/**
 * The fillable worksheet of one language: designed in HTML/CSS like the cards, printed through the
 * same Chromium, then given AcroForm fields exactly over the boxes the template marks.
 */
export async function buildWorksheet(printer: Printer, project: ProjectPaths, deck: LoadedDeck, language: string, workDir: string): Promise<BuiltWorksheet> {
  const html = await renderWorksheet(project, deck, language, (file) => pathToFileURL(file).href);
  const printed = await printer.print(`${deck.meta.id}.${language}.worksheet`, html, path.join(workDir, 'worksheet.html'), {
    minFontPt: deck.meta.minFontSize,
    bleedPt: 0,
    safePt: 0,
    measureScript: MEASURE_SCRIPT,
  });
  const fields = printed.measured as MeasuredField[];
  const doc = await PDFDocument.load(printed.pdf, { updateMetadata: false });
  for (const page of doc.getPages()) {
    const bottom = cropFromTopLeft(page, A4.width, A4.height);
    // An office document: printed edge to edge, so its trim is the page.
    page.setTrimBox(0, bottom, A4.width, A4.height);
  }
  await addFormFields(doc, fields, await subsetTrueType(FORM_FONT.file, FORM_CHARACTERS));
  const locale = resolveLocale(deck, language);
  const pdf = await saveDeterministic(doc, { title: `${locale.deck.title}: ${locale.worksheet?.title ?? 'worksheet'}`, language });
  return { pdf, fields };
}
