import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument } from 'pdf-lib';
import type { Rect } from '../deck/rect.ts';
import { pageContent } from '../pdf/content-ops.ts';
import { ContentSyntaxError, parseContent, type Operand } from '../pdf/content-syntax.ts';
import { apply, IDENTITY, multiply, type Matrix } from '../pdf/matrix.ts';
import { FACE_TAG } from '../pdf/work-style.ts';

/** A face placed on a sheet, as its page map names it: which card, which side, and where it lands (pt). */
export interface TaggedFace {
  card: string;
  side: 'front' | 'back';
  rect: Rect;
}

/**
 * Each page's map of the faces placed on it: the forms painted inside the build's marked content
 * (FACE_TAG), each with the card and side its properties name. A page without the tags (a tool
 * that rewrites content streams drops them) maps to an empty list.
 */
export function readFaceMap(doc: PDFDocument): TaggedFace[][] {
  return doc.getPages().map((page) => {
    const faces: TaggedFace[] = [];
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    let ctm = IDENTITY;
    const stack: Matrix[] = [];
    const tags: Array<{ card: string; side: 'front' | 'back' } | undefined> = [];
    let operations: ReturnType<typeof parseContent>;
    try {
      operations = parseContent(pageContent(page, doc.context));
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
