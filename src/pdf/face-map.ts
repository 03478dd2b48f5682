import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFDocument } from 'pdf-lib';
import type { Rect } from '../deck/rect.ts';
import { pageContent } from './content-ops.ts';
import { ContentSyntaxError, type Operand, type Operation } from './content-syntax.ts';
import { apply, IDENTITY, multiply, type Matrix } from './matrix.ts';
import { pageOperations } from './stream-operations.ts';
import { FACE_TAG } from './work-style.ts';

/** A face placed on a sheet, as its page map names it: which card, which side, and where it lands (pt). */
export interface TaggedFace {
  card: string;
  side: 'front' | 'back';
  rect: Rect;
}

/**
 * Where a page keeps its face map when its content cannot: the page's PieceInfo entry
 * (/PieceInfo << /Kaartenset << /LastModified … /Private << /Faces [<< /Card /Side /Rect >> …] >> >> >>).
 * Ghostscript's CMYK conversion drops marked content, so the build writes the RGB twin's map
 * there afterwards; the entry belongs to the page object, so it moves with the page when a tool
 * reorders or swaps pages.
 */
export const FACE_MAP_PIECE = 'Kaartenset';

/** Where a document's face map was read: the marked content around each face, the PieceInfo of each page, or nowhere. */
export type FaceMapSource = 'tags' | 'page-piece' | 'none';

/**
 * Each page's map of the faces placed on it: the forms painted inside the build's marked content
 * (FACE_TAG), each with the card and side its properties name, else (a tool that rewrites content
 * streams drops the tags) the map in the page's PieceInfo (FACE_MAP_PIECE). A page with neither
 * maps to an empty list.
 */
export function readFaceMap(doc: PDFDocument): { pages: TaggedFace[][]; source: FaceMapSource } {
  const tagged = readTaggedFaces(doc);
  if (tagged.some((faces) => faces.length > 0)) return { pages: tagged, source: 'tags' };
  const pieces = doc.getPages().map((page) => pieceFaces(page.node));
  return pieces.some((faces) => faces.length > 0) ? { pages: pieces, source: 'page-piece' } : { pages: tagged, source: 'none' };
}

/** The faces a page's PieceInfo names (FACE_MAP_PIECE), skipping any entry that is not card, side and rect. */
function pieceFaces(page: PDFDict): TaggedFace[] {
  const faces = page
    .lookupMaybe(PDFName.of('PieceInfo'), PDFDict)
    ?.lookupMaybe(PDFName.of(FACE_MAP_PIECE), PDFDict)
    ?.lookupMaybe(PDFName.of('Private'), PDFDict)
    ?.lookupMaybe(PDFName.of('Faces'), PDFArray);
  return (faces?.asArray() ?? []).flatMap((item) => {
    const entry = item instanceof PDFRef ? page.context.lookup(item) : item;
    if (!(entry instanceof PDFDict)) return [];
    const card = entry.lookup(PDFName.of('Card'));
    const side = entry.lookup(PDFName.of('Side'));
    const rect = entry.lookupMaybe(PDFName.of('Rect'), PDFArray)?.asArray();
    const text = card instanceof PDFString || card instanceof PDFHexString ? card.decodeText() : undefined;
    const sideName = side instanceof PDFName ? side.decodeText() : undefined;
    if (text === undefined || (sideName !== 'front' && sideName !== 'back') || rect?.length !== 4) return [];
    if (!rect.every((n) => n instanceof PDFNumber)) return [];
    const [x, y, width, height] = rect.map((n) => (n as PDFNumber).asNumber()) as [number, number, number, number];
    return [{ card: text, side: sideName, rect: { x, y, width, height } }];
  });
}

function readTaggedFaces(doc: PDFDocument): TaggedFace[][] {
  return doc.getPages().map((page) => {
    const faces: TaggedFace[] = [];
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    let ctm = IDENTITY;
    const stack: Matrix[] = [];
    const tags: Array<{ card: string; side: 'front' | 'back' } | undefined> = [];
    const content = pageContent(page, doc.context);
    // A face page of cards.pdf carries no tag: its content, thousands of operations, is not parsed for none.
    if (!Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(FACE_TAG)) return faces;
    let operations: Operation[];
    try {
      // The same stream as preflight's paint reads: parsed once.
      operations = pageOperations(page, doc.context);
    } catch (error) {
      if (error instanceof ContentSyntaxError) return faces;
      throw error;
    }
    for (const { operator, operands } of operations) {
      if (operator === 'q') stack.push(ctm);
      else if (operator === 'Q') ctm = stack.pop() ?? IDENTITY;
      else if (operator === 'cm') ctm = multiply(operands as Matrix, ctm);
      else if (operator === 'BMC') tags.push(undefined);
      else if (operator === 'BDC') tags.push(faceTag(operands));
      else if (operator === 'EMC') tags.pop();
      else if (operator === 'Do') {
        const tag = tags.at(-1);
        const name = operands[0] as { name?: string } | undefined;
        const ref = name?.name ? xobjects?.get(PDFName.of(name.name)) : undefined;
        const form = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
        if (!tag || !(form instanceof PDFRawStream)) continue;
        faces.push({ ...tag, rect: landing(form, ctm) });
      }
    }
    return faces;
  });
}

function faceTag(operands: Operand[]): { card: string; side: 'front' | 'back' } | undefined {
  const [tag, properties] = operands as [{ name?: string } | undefined, Operand | undefined];
  if (tag?.name !== FACE_TAG || !(properties instanceof Map)) return undefined;
  const card = properties.get('Card');
  const side = properties.get('Side') as { name?: string } | undefined;
  const text = card && typeof card === 'object' && 'string' in card ? decodeText(card.string) : undefined;
  return text !== undefined && (side?.name === 'front' || side?.name === 'back') ? { card: text, side: side.name } : undefined;
}

/** A PDF text string's bytes as text: UTF-16BE after its byte order mark, else PDFDocEncoding (Latin-1 here). */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return text;
  }
  return new TextDecoder('latin1').decode(bytes);
}

/** Where a form's BBox lands under the CTM and its own Matrix. */
function landing(form: PDFRawStream, ctm: Matrix): Rect {
  const numbers = (array: PDFArray | undefined) => (array?.asArray() ?? []).map((n) => (n instanceof PDFNumber ? n.asNumber() : 0));
  const [x1, y1, x2, y2] = numbers(form.dict.lookupMaybe(PDFName.of('BBox'), PDFArray));
  const own = form.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray);
  const full = multiply(own ? (numbers(own) as Matrix) : IDENTITY, ctm);
  const corners = [apply(full, x1!, y1!), apply(full, x2!, y1!), apply(full, x2!, y2!), apply(full, x1!, y2!)];
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}
