import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import type { Printer } from '../print/printer.ts';
import { saveDeterministic } from '../pdf-write/save-pdf.ts';
import { browserScript } from '../print/browser-script.ts';
import { cropFromTopLeft } from '../pdf-write/box-pages.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import { addFormFields } from './add-form-fields.ts';
import { fieldFontFor } from './field-font.ts';
import { renderWorksheet, worksheetOf } from './render-worksheet.ts';
import { expandFields, placeFields, type MeasuredBox, type PlacedField } from './worksheet-fields.ts';
import { loadPdfDocument } from '../shared/pdf-document.ts';

const MEASURE_SCRIPT = browserScript(new URL('./measure-fields.browser.js', import.meta.url));

export interface BuiltWorksheet {
  /** The output file name: the template's name. */
  file: string;
  pdf: Uint8Array;
  fields: PlacedField[];
}

/**
 * The fillable worksheet of one language: designed in HTML/CSS like the cards, printed through the
 * same Chromium, then given AcroForm fields exactly over the boxes the template marks, as deck.yaml
 * declares them.
 */
export async function buildWorksheet(
  printer: Printer,
  project: ProjectPaths,
  deck: LoadedDeck,
  language: string,
  workDir: string,
): Promise<BuiltWorksheet> {
  const worksheet = worksheetOf(deck);
  const html = await renderWorksheet(project, deck, language, (file) => pathToFileURL(file).href);
  const printed = await printer.print(html, path.join(workDir, 'worksheet.html'), {
    minFontPt: deck.meta.minFontSize,
    bleedPt: 0,
    safePt: 0,
    measureScript: MEASURE_SCRIPT,
    tagged: true,
  });
  const locale = resolveLocale(deck, language);
  const fields = placeFields(expandFields(worksheet, locale, deck.cards, language), printed.measured as MeasuredBox[], worksheet.template);
  const doc = await loadPdfDocument(printed.pdf);
  const { width, height } = worksheet.pageSize;
  for (const page of doc.getPages()) {
    const bottom = cropFromTopLeft(page, width, height);
    // An office document: printed edge to edge, so its trim is the page.
    page.setTrimBox(0, bottom, width, height);
  }
  const labels = Object.values(locale.worksheet ?? {}).join('');
  await addFormFields(doc, fields, await fieldFontFor(labels));
  // Printed edge to edge on office paper: no bleed, and preflight is told so.
  const pdf = await saveDeterministic(doc, {
    title: `${locale.deck.title}: ${locale.worksheet?.title ?? worksheet.template}`,
    language,
    bleed: 0,
  });
  return { file: `${worksheet.template}.pdf`, pdf, fields };
}
