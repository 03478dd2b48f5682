import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
  type PDFPage,
} from 'pdf-lib';
import type { SheetText, SheetWeight } from '../impose/sheet-text.ts';
import { saveDeterministic } from '../pdf-write/save-pdf.ts';
import type { AreaMm, FaceChange, SetChange } from './compare.ts';
import { faceName } from './proof-html.ts';
import { formatDate } from './strings.ts';
import { separatePages } from './poppler.ts';
import { proofStrings } from './strings.ts';
import { loadPdfDocument, savePdfDocument } from '../shared/pdf-document.ts';

/*
 * proof.pdf of one deck in one language, for the client's sign-off: a cover listing every change
 * with fields for approval, name and date, then a page per changed face with the face as it was
 * and as it is, side by side at true size (the print file's own pages, not images), the changed
 * areas outlined and the words that changed listed under them.
 */

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const MARGIN = 40;
const RED = rgb(0.86, 0.08, 0.24);
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);
const MM = 72 / 25.4;
/** The width of the red frame around a changed area, in points. */
const STROKE = 1.5;
/** The top of the client's approval box on the cover. */
const APPROVAL_TOP = 200;

interface Line {
  page: PDFPage;
  text: string;
  x: number;
  y: number;
  size: number;
  weight?: SheetWeight;
  color?: ReturnType<typeof rgb>;
}

/** The page of each changed face's card: the faces of cards.pdf as they were and as they are. */
export async function proofPdf(
  set: SetChange,
  builds: { before: string; after: string; compared: string },
  date: Date,
): Promise<Uint8Array> {
  const words = proofStrings(set.language);
  const doc = await PDFDocument.create({ updateMetadata: false });
  // Each face's page cut out of its cards.pdf on its own: a deck's whole file is never parsed.
  const pagesOf = (out: string, cardsFile: string | undefined, pages: Array<number | undefined>) =>
    separatePages(
      path.join(out, set.deck, set.language, cardsFile ?? 'cards.pdf'),
      pages.filter((page): page is number => page !== undefined),
    );
  const [before, after] = await Promise.all([
    pagesOf(
      builds.before,
      set.cardsFile.before,
      set.faces.map((face) => face.pageBefore),
    ),
    pagesOf(
      builds.after,
      set.cardsFile.after,
      set.faces.map((face) => face.pageAfter),
    ),
  ]);
  const faces = await embedFaces(doc, [
    ...set.faces.map((face) => (face.pageBefore === undefined ? undefined : before.get(face.pageBefore))),
    ...set.faces.map((face) => (face.pageAfter === undefined ? undefined : after.get(face.pageAfter))),
  ]);
  const lines: Line[] = [];
  const rtl = set.direction === 'rtl';
  const write = (page: PDFPage, text: string, x: number, y: number, size: number, weight: SheetWeight = 400, color = INK) =>
    lines.push({ page, text, x, y, size, weight, color });

  const cover = doc.addPage(A4_LANDSCAPE);
  let y = A4_LANDSCAPE[1] - MARGIN - 20;
  write(cover, `${words.proof}: ${set.title}, ${set.languageName}`, MARGIN, y, 20, 700);
  y -= 22;
  write(cover, `${builds.compared} · ${formatDate(date, set.language)}`, MARGIN, y, 10, 400, GREY);
  y -= 24;
  const changes = [
    ...set.geometry.map((line) => `${words.geometry}: ${line}`),
    ...set.sheets.map((line) => `${words.sheets}: ${line}`),
    ...set.faces.map((face, index) => {
      const fields = face.fields.map(
        (field) => `${field.label ?? field.field}: ${[...field.removed.map((w) => `-${w}`), ...field.added.map((w) => `+${w}`)].join(' ')}`,
      );
      return `${index + 1}. ${faceName(face, words)}${face.card ? ` [${face.card}]` : ''}: ${words[face.change]}${fields.length > 0 ? ` — ${fields.join('; ')}` : ''}`;
    }),
  ];
  write(cover, words.changes(changes.length), MARGIN, y, 12, 700);
  y -= 18;
  approvalBox(doc, cover, words, write);
  // Every change is listed: above the approval box on the first page, then on pages of their own.
  let listPage = cover;
  let bottom = APPROVAL_TOP + 16;
  for (const change of changes) {
    if (y < bottom) {
      listPage = doc.addPage(A4_LANDSCAPE);
      y = A4_LANDSCAPE[1] - MARGIN - 20;
      bottom = MARGIN;
    }
    write(listPage, change, MARGIN, y, 10);
    y -= 14;
  }

  for (const [index, face] of set.faces.entries()) {
    const page = doc.addPage(A4_LANDSCAPE);
    write(page, `${index + 1}. ${faceName(face, words)} — ${words[face.change]}`, MARGIN, A4_LANDSCAPE[1] - MARGIN - 14, 14, 700);
    write(
      page,
      [face.card, `${set.title}, ${set.languageName}`].filter(Boolean).join(' · '),
      MARGIN,
      A4_LANDSCAPE[1] - MARGIN - 28,
      8,
      400,
      GREY,
    );
    const columns: Array<[string, EmbeddedFace | undefined, AreaMm[]]> = [
      [words.before, faces[index], face.pixels?.areasBeforeMm ?? []],
      [words.after, faces[set.faces.length + index], face.pixels?.areasMm ?? []],
    ];
    let x = MARGIN;
    const top = A4_LANDSCAPE[1] - MARGIN - 54;
    let lowest = top;
    for (const [caption, embedded, marked] of rtl ? columns.reverse() : columns) {
      write(page, caption, x, top + 8, 11, 700, GREY);
      if (embedded) {
        const { width, height } = embedded;
        embedded.draw(page, x, top - height);
        page.drawRectangle({ x, y: top - height, width, height, borderColor: GREY, borderWidth: 0.5 });
        // The frame's stroke lies just outside the area, so it strikes through none of the word it marks.
        for (const area of marked)
          page.drawRectangle({
            x: x + area.x * MM - STROKE / 2,
            y: top - (area.y + area.height) * MM - STROKE / 2,
            width: area.width * MM + STROKE,
            height: area.height * MM + STROKE,
            borderColor: RED,
            borderWidth: STROKE,
          });
        lowest = Math.min(lowest, top - height);
        x += width + 30;
      } else x += 220;
    }
    let textY = lowest - 20;
    for (const field of face.fields) {
      if (textY < MARGIN) break;
      const removed = field.removed.length > 0 ? `${words.wordsRemoved}: ${field.removed.join(' ')}` : '';
      const added = field.added.length > 0 ? `${words.wordsAdded}: ${field.added.join(' ')}` : '';
      write(page, `${field.label ?? field.field}: ${[removed, added].filter(Boolean).join(' · ')}`, MARGIN, textY, 10, 400, RED);
      textY -= 14;
    }
  }

  const pages = doc.getPages();
  for (const [index, page] of pages.entries())
    write(page, words.page(index + 1, pages.length), A4_LANDSCAPE[0] - MARGIN - 80, MARGIN - 20, 8, 400, GREY);
  const text = await textSetter(
    doc,
    lines.map((line) => line.text),
    set.direction,
  );
  for (const line of lines) {
    const measure = A4_LANDSCAPE[0] - MARGIN - line.x;
    const fitted = text.width(line.text, line.size, line.weight) > measure ? shorten(text, line, measure) : line.text;
    text.draw(line.page, fitted, { x: line.x, y: line.y, size: line.size, weight: line.weight, color: line.color ?? INK });
  }
  text.finish();
  // Saved as it is: a proof is read and signed, not printed by a press, so it needs none of the
  // stamps saveDeterministic gives print files (and their cost).
  doc.setTitle(`${words.proof}: ${set.title}, ${set.languageName}`, { showInWindowTitleBar: true });
  doc.setLanguage(set.language);
  doc.setCreator('kaartenset');
  doc.setProducer('kaartenset (pdf-lib)');
  return savePdfDocument(doc);
}

interface EmbeddedFace {
  /** Draws the face with its lower left corner (its MediaBox's) at x, y. */
  draw: (page: PDFPage, x: number, y: number) => void;
  width: number;
  height: number;
}

/**
 * The faces as form XObjects of the proof. A face whose content is one Flate stream (what
 * Chromium writes) becomes a form of that stream's bytes as they are, with the page's resources:
 * pdf-lib's own embedding inflates and deflates each again, which cost more than the rest of the
 * proof. The copied page itself is removed, so only the form is written.
 */
async function embedFaces(doc: PDFDocument, wanted: Array<Uint8Array | undefined>): Promise<Array<EmbeddedFace | undefined>> {
  const faces: Array<EmbeddedFace | undefined> = [];
  for (const bytes of wanted) {
    if (!bytes) {
      faces.push(undefined);
      continue;
    }
    const [copy] = await doc.copyPages(await loadPdfDocument(bytes), [0]);
    const box = copy!.getMediaBox();
    const { Contents, Resources } = copy!.node.normalizedEntries();
    const streams = Contents ? Contents.asArray().map((item) => doc.context.lookup(item)) : [];
    const only = streams.length === 1 ? streams[0] : undefined;
    const filter = only instanceof PDFRawStream ? only.dict.get(PDFName.of('Filter')) : undefined;
    if (!(only instanceof PDFRawStream) || filter !== PDFName.of('FlateDecode') || only.dict.has(PDFName.of('DecodeParms'))) {
      // The face's MediaBox as the form's box: pdf-lib's default box starts at 0, 0, which draws a
      // page whose MediaBox does not (Chromium's start 4.31 pt up) that far too high.
      const form = await doc.embedPage(copy!, { left: box.x, bottom: box.y, right: box.x + box.width, top: box.y + box.height });
      faces.push({ width: box.width, height: box.height, draw: (on, x, y) => on.drawPage(form, { x, y }) });
      continue;
    }
    const ref = doc.context.register(
      doc.context.stream(only.contents, {
        Type: 'XObject',
        Subtype: 'Form',
        FormType: 1,
        BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
        Resources,
        Filter: 'FlateDecode',
      }),
    );
    for (const item of Contents!.asArray()) if (item instanceof PDFRef) doc.context.delete(item);
    doc.context.delete(copy!.ref);
    faces.push({
      width: box.width,
      height: box.height,
      draw: (on, x, y) => {
        const name = on.node.newXObject('Face', ref);
        on.pushOperators(
          pushGraphicsState(),
          concatTransformationMatrix(1, 0, 0, 1, x - box.x, y - box.y),
          drawObject(name),
          popGraphicsState(),
        );
      },
    });
  }
  return faces;
}

type Setter = Pick<SheetText, 'width' | 'draw' | 'finish'>;

/**
 * What sets the proof's words: Helvetica, built into every PDF reader, when they are all in its
 * Latin character set (no font to load, shape or subset); else the sheets' typesetter, which
 * shapes any script in the bundled fonts.
 */
async function textSetter(doc: PDFDocument, texts: string[], direction: 'ltr' | 'rtl'): Promise<Setter> {
  const [regular, bold] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold)]);
  const latin =
    direction === 'ltr' &&
    texts.every((text) => {
      try {
        regular.encodeText(text);
        return true;
      } catch {
        return false;
      }
    });
  if (!latin) {
    const [{ SheetText }, { sheetFontFiles }] = await Promise.all([
      import('../impose/sheet-text.ts'),
      import('../impose/sheet-font-file.ts'),
    ]);
    return SheetText.create(doc, sheetFontFiles(), texts.join('\n'), direction, [400, 700]);
  }
  const font = (weight: SheetWeight | undefined) => (weight === 700 ? bold : regular);
  return {
    width: (text, size, weight) => font(weight).widthOfTextAtSize(text, size),
    draw: (page, text, options) =>
      page.drawText(text, { x: options.x, y: options.y, size: options.size, font: font(options.weight), color: options.color }),
    finish: () => undefined,
  };
}

function shorten(text: Setter, line: Line, measure: number): string {
  let cut = line.text;
  while (cut.length > 1 && text.width(`${cut}…`, line.size, line.weight) > measure) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The client's box on the cover: tick approved (or approved with the changes marked), name, date and signature, fillable on screen or by pen. */
function approvalBox(
  doc: PDFDocument,
  page: PDFPage,
  words: ReturnType<typeof proofStrings>,
  write: (page: PDFPage, text: string, x: number, y: number, size: number, weight?: SheetWeight) => void,
): void {
  const width = 330;
  const x = A4_LANDSCAPE[0] - MARGIN - width;
  const top = APPROVAL_TOP;
  page.drawRectangle({ x, y: MARGIN, width, height: top - MARGIN, borderColor: INK, borderWidth: 1 });
  write(page, words.approval, x + 12, top - 20, 12, 700);
  const form = doc.getForm();
  const boxes: Array<[string, string]> = [
    ['approved', words.approved],
    ['approved-with-changes', words.approvedWithChanges],
  ];
  boxes.forEach(([name, label], index) => {
    const y = top - 44 - index * 20;
    form.createCheckBox(`proof.${name}`).addToPage(page, { x: x + 12, y: y - 2, width: 11, height: 11, borderColor: INK, borderWidth: 1 });
    write(page, label, x + 30, y, 10);
  });
  const fields: Array<[string, string]> = [
    ['name', words.name],
    ['date', words.date],
    ['signature', words.signature],
  ];
  fields.forEach(([name, label], index) => {
    const y = top - 100 - index * 28;
    write(page, label, x + 12, y + 4, 10);
    form
      .createTextField(`proof.${name}`)
      .addToPage(page, { x: x + 90, y: y - 2, width: width - 104, height: 18, borderColor: INK, borderWidth: 0.5 });
  });
}

/** The after build's cards.pdf pages of every card with a changed or added face, front and back: what a partial reprint prints. */
export async function changedCardsPdf(
  set: SetChange,
  after: string,
  cards: Array<{ id: string; category: string }>,
): Promise<Uint8Array | undefined> {
  const source = await loadPdfDocument(await readFile(path.join(after, set.deck, set.language, set.cardsFile.after ?? 'cards.pdf')));
  const reprint = new Set<number>();
  for (const face of set.faces.filter((face: FaceChange) => face.change !== 'removed'))
    cards.forEach((card, index) => {
      if (face.card ? card.id === face.card : card.category === face.category) reprint.add(index);
    });
  if (reprint.size === 0) return undefined;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pages = await doc.copyPages(
    source,
    [...reprint].sort((a, b) => a - b).flatMap((index) => [2 * index, 2 * index + 1]),
  );
  for (const page of pages) doc.addPage(page);
  // What cards.pdf tells a preflight (how it prints, its bleed, the cards' smallest text) holds for its pages here.
  const keywords = source.getKeywords();
  if (keywords) doc.setKeywords([keywords]);
  return saveDeterministic(doc, { title: `${set.title} [${set.language}]: ${proofStrings(set.language).changed}`, language: set.language });
}
