import fontkit from '@pdf-lib/fontkit';
import {
  AnnotationFlags,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFString,
  PDFWidgetAnnotation,
  TextAlignment,
  type PDFDocument,
  type PDFPage,
  type PDFRef,
  rgb,
} from 'pdf-lib';
import { BuildError } from '../shared/errors.ts';
import type { FieldFont } from './field-font.ts';
import type { MeasuredBox, PlacedField } from './worksheet-fields.ts';

/** The size of typed text in a box of several lines; a box of one line sizes its text to fit (0: auto). */
const FIELD_FONT_SIZE = 9;
/** The room a viewer leaves above the first line of a box of several lines. */
const LINES_PADDING = 2;
/** Typed text keeps this far from the printed box line (pdf.js adds 2 pt of its own). */
const TEXT_INSET = 2;
const INK = rgb(0.11, 0.11, 0.1);
const INK_OPERANDS = '0.11 0.11 0.1 rg';
/**
 * The name the form's /DR gives the field font, and every /DA uses. PDFium (Chrome's and Edge's
 * viewer) builds the look of typed text with the /DA font only for the letters of the Windows
 * charset it files that font under, and files every embedded font under ANSI (cp1252) unless its
 * resource name is one of Wingdings, Wingdings2, Wingdings3 or Webdings, which it files as a
 * symbol font and asks for every letter (core/fpdfdoc/cpdf_bafontmap.cpp, CPDF_BAFontMap's
 * constructor and GetWordFontIndex). Filed as ANSI, each Greek, Cyrillic or Latin Extended letter
 * goes to a system font by charset: ğ ı İ (Turkish) fit neither the Central European one nor the
 * fallback and are dropped, Greek and Cyrillic come out in whatever font the system has, or as
 * empty boxes. The name is only a key: the font it names is the embedded field font, which every
 * viewer draws, and PDFium then draws every letter it holds with it.
 */
const FIELD_FONT_KEY = 'Wingdings';

/**
 * Puts an AcroForm field exactly over each measured box, in the template's reading order (the
 * tab order). Every field names the field font in its /DA and the form's /DR holds it, so any
 * viewer can draw what people type; blank appearances are included, and nothing a field draws
 * covers the printed boxes: no backgrounds, no borders, an empty "off" look for ticks.
 */
export async function addFormFields(doc: PDFDocument, fields: PlacedField[], fieldFont: FieldFont): Promise<PDFDocument> {
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fieldFont.bytes, { subset: false, customName: fieldFont.baseFont });
  const appearance = (size: number) => `/${FIELD_FONT_KEY} ${size} Tf ${INK_OPERANDS}`;
  const defaultAppearance = appearance(FIELD_FONT_SIZE);
  // PDFium and Acrobat set lines the font's height apart (ascender to descender), the widest pitch of the viewers.
  const linePitch = font.heightAtSize(FIELD_FONT_SIZE);
  const oneLine = new Set<string>();
  const form = doc.getForm();
  const pages = doc.getPages();
  const pageOf = (box: MeasuredBox, name: string): PDFPage => {
    const page = pages[box.page];
    if (!page) throw new BuildError(`worksheet field ${name} lies on page ${box.page + 1}, which the print does not have`);
    return page;
  };
  const rectOf = (box: MeasuredBox, page: PDFPage, inset = 0) => {
    const media = page.getMediaBox();
    return {
      x: media.x + box.x + inset,
      y: media.y + media.height - box.top - box.height + inset,
      width: box.width - 2 * inset,
      height: box.height - 2 * inset,
    };
  };
  const look = { font, textColor: INK, backgroundColor: undefined, borderColor: undefined, borderWidth: 0 };
  for (const field of fields) {
    const tooltip = PDFHexString.fromText(field.boxes[0]!.label);
    switch (field.type) {
      case 'checkbox':
      case 'radio': {
        const group = field.type === 'checkbox' ? form.createCheckBox(field.name) : form.createRadioGroup(field.name);
        group.acroField.dict.set(PDFName.of('TU'), tooltip);
        for (const box of field.boxes) {
          const page = pageOf(box, field.name);
          const option = field.type === 'checkbox' ? field.options[0]! : field.options.find((candidate) => candidate.key === box.value)!;
          const widget = tickWidget(doc, group.ref, page, rectOf(box, page), option.text, field.type);
          // Each button of a group says which option it is; a screen reader otherwise hears the question six times.
          if (field.type === 'radio')
            doc.context.lookup(widget, PDFDict).set(PDFName.of('TU'), PDFHexString.fromText(optionTooltip(box.label, option.text)));
          group.acroField.addWidget(widget);
          page.node.addAnnot(widget);
        }
        break;
      }
      case 'choice': {
        const box = field.boxes[0]!;
        const page = pageOf(box, field.name);
        const dropdown = form.createDropdown(field.name);
        dropdown.setOptions(field.options.map((option) => option.text));
        dropdown.addToPage(page, { ...rectOf(box, page, TEXT_INSET), ...look });
        dropdown.acroField.dict.set(PDFName.of('TU'), tooltip);
        break;
      }
      default: {
        const box = field.boxes[0]!;
        const page = pageOf(box, field.name);
        const text = form.createTextField(field.name);
        const rect = rectOf(box, page, TEXT_INSET);
        const lines = Math.floor((rect.height - LINES_PADDING) / linePitch);
        // A box with room for two lines wraps, so a long answer in a narrow column stays whole. It
        // holds whole lines, top-aligned: a line cut through the middle at its foot reads as nothing.
        if (field.type === 'multiline' || lines >= 2) {
          text.enableMultiline();
          const height = Math.max(1, lines) * linePitch + LINES_PADDING;
          rect.y += rect.height - height;
          rect.height = height;
        } else oneLine.add(field.name);
        text.enableScrolling();
        text.setAlignment(TextAlignment.Left);
        text.addToPage(page, { ...rect, ...look });
        text.acroField.dict.set(PDFName.of('TU'), tooltip);
      }
    }
  }
  form.updateFieldAppearances(font);
  for (const field of form.getFields()) {
    // A name or a date longer than its box is set smaller rather than cut off at the box's edge.
    field.acroField.setDefaultAppearance(appearance(oneLine.has(field.getName()) ? 0 : FIELD_FONT_SIZE));
    const tooltip = field.acroField.dict.get(PDFName.of('TU'));
    for (const widget of field.acroField.getWidgets()) {
      widget.dict.delete(PDFName.of('DA'));
      // pdf.js reads the tooltip from the widget, not from its field: both carry it.
      if (tooltip && !widget.dict.has(PDFName.of('TU'))) widget.dict.set(PDFName.of('TU'), tooltip);
    }
  }
  const acroForm = form.acroForm.dict;
  acroForm.set(PDFName.of('DR'), doc.context.obj({ Font: { [FIELD_FONT_KEY]: font.ref } }));
  acroForm.set(PDFName.of('DA'), PDFString.of(defaultAppearance));
  acroForm.delete(PDFName.of('NeedAppearances'));
  // Structure order: the order of each page's /Annots, which is the template's reading order. Row
  // order (/R) is not read alike: PDFium starts each row at its right-most field, so Tab went
  // from Datum past Team, and from one table row past its first cell.
  for (const page of pages) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  await font.embed();
  return doc;
}

/**
 * A checkbox or radio button with appearances of our own: "off" draws nothing (the printed box or
 * circle shows through), "on" draws a tick or a dot inside it. The on state's name is the export
 * value: the worksheet's yes for a checkbox, the option's text for a radio, in the worksheet's language.
 */
function tickWidget(
  doc: PDFDocument,
  parent: PDFRef,
  page: PDFPage,
  rect: { x: number; y: number; width: number; height: number },
  onState: string,
  kind: 'checkbox' | 'radio',
): PDFRef {
  const context = doc.context;
  const widget = PDFWidgetAnnotation.create(context, parent);
  widget.setRectangle(rect);
  widget.setP(page.ref);
  widget.setFlagTo(AnnotationFlags.Print, true);
  widget.dict.set(PDFName.of('BS'), context.obj({ W: 0 }));
  const { width: w, height: h } = rect;
  const bbox = [0, 0, w, h];
  const mark =
    kind === 'checkbox'
      ? `q ${INK_OPERANDS.replace('rg', 'RG')} ${(Math.min(w, h) * 0.14).toFixed(2)} w 1 J 1 j ${(w * 0.24).toFixed(2)} ${(h * 0.52).toFixed(2)} m ${(w * 0.42).toFixed(2)} ${(h * 0.3).toFixed(2)} l ${(w * 0.77).toFixed(2)} ${(h * 0.74).toFixed(2)} l S Q`
      : circle(w / 2, h / 2, Math.min(w, h) * 0.26);
  const stream = (content: string) =>
    context.register(context.flateStream(content, { Type: 'XObject', Subtype: 'Form', BBox: bbox, Resources: {} }));
  const on = stream(mark);
  const off = stream('');
  const state = PDFName.of(Buffer.from(onState, 'utf8').toString('latin1'));
  const states = () => {
    const dict = context.obj({});
    dict.set(state, on);
    dict.set(PDFName.of('Off'), off);
    return dict;
  };
  widget.dict.set(PDFName.of('AP'), context.obj({ N: states(), D: states() }));
  widget.dict.set(PDFName.of('AS'), PDFName.of('Off'));
  return context.register(widget.dict);
}

/** "Is there a moral dilemma? Yes", "Which model did you use: Four windows". */
function optionTooltip(question: string, option: string): string {
  return /[?:!.]$/.test(question.trim()) ? `${question.trim()} ${option}` : `${question.trim()}: ${option}`;
}

/** A filled circle of four Bézier arcs in the ink colour. */
function circle(cx: number, cy: number, r: number): string {
  const k = r * 0.5523;
  const f = (n: number) => n.toFixed(2);
  return [
    'q',
    INK_OPERANDS,
    `${f(cx + r)} ${f(cy)} m`,
    `${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)} c`,
    `${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)} c`,
    `${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)} c`,
    `${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)} c`,
    'f Q',
  ].join('\n');
}
