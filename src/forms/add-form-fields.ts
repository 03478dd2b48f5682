import fontkit from '@pdf-lib/fontkit';
import { PDFName, type PDFDocument, TextAlignment, rgb, type PDFFont, type PDFRadioGroup } from 'pdf-lib';
import { BuildError } from '../shared/errors.ts';
import { subsetFontName } from '../assets/subset-name.ts';

/** A field's box as measured in the print layout, in points from the top-left of its page. */
export interface MeasuredField {
  name: string;
  type: 'text' | 'multiline' | 'checkbox' | 'radio' | 'choice';
  value?: string;
  options?: string[];
  page: number;
  x: number;
  top: number;
  width: number;
  height: number;
}

const FIELD_FONT_SIZE = 9;
const TEXT_INSET = 4;
const INK = rgb(0.11, 0.11, 0.1);

/**
 * Puts an AcroForm field exactly over each measured box, in reading order (the order of the
 * template), so Tab moves through the sheet as a reader would. Appearances are drawn with the
 * given font, which must cover every language's letters.
 */
export async function addFormFields(doc: PDFDocument, fields: MeasuredField[], fontBytes: Uint8Array): Promise<PDFDocument> {
  doc.registerFontkit(fontkit);
  const font: PDFFont = await doc.embedFont(fontBytes, { subset: false, customName: subsetFontName(fontBytes) });
  const form = doc.getForm();
  const pages = doc.getPages();
  const radios = new Map<string, PDFRadioGroup>();
  for (const field of fields) {
    const page = pages[field.page];
    if (!page) throw new BuildError(`worksheet field ${field.name} lies on page ${field.page + 1}, which the print does not have`);
    const box = page.getMediaBox();
    const rect = { x: box.x + field.x, y: box.y + box.height - field.top - field.height, width: field.width, height: field.height };
    // An uncoloured border is drawn by nobody but pads the text off the printed box line. pdf-lib
    // grows the widget by half the border on each side, so the box it is given is shrunk to match.
    const look = { borderWidth: TEXT_INSET, font, textColor: INK, backgroundColor: undefined, borderColor: undefined };
    const padded = { x: rect.x + TEXT_INSET / 2, y: rect.y + TEXT_INSET / 2, width: rect.width - TEXT_INSET, height: rect.height - TEXT_INSET };
    switch (field.type) {
      case 'checkbox': {
        form.createCheckBox(field.name).addToPage(page, { ...rect, ...look, borderWidth: 0 });
        break;
      }
      case 'radio': {
        let group = radios.get(field.name);
        if (!group) {
          group = form.createRadioGroup(field.name);
          radios.set(field.name, group);
        }
        group.addOptionToPage(field.value ?? String(group.getOptions().length), page, { ...rect, ...look, borderWidth: 0 });
        break;
      }
      case 'choice': {
        const dropdown = form.createDropdown(field.name);
        dropdown.setOptions(field.options ?? []);
        dropdown.addToPage(page, { ...padded, ...look });
        dropdown.setFontSize(FIELD_FONT_SIZE);
        break;
      }
      default: {
        const text = form.createTextField(field.name);
        if (field.type === 'multiline') text.enableMultiline();
        text.enableScrolling();
        text.setAlignment(TextAlignment.Left);
        text.addToPage(page, { ...padded, ...look });
        text.setFontSize(FIELD_FONT_SIZE);
      }
    }
  }
  form.updateFieldAppearances(font);
  for (const page of pages) page.node.set(PDFName.of('Tabs'), PDFName.of('R'));
  return doc;
}
