import { readFile } from 'node:fs/promises';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One face drawn on a sheet page, as pdf.js sees it: where it lands, which way is up, what it says. */
export interface PlacedFace {
  rect: { x: number; y: number; width: number; height: number };
  /** The face's own "up" (0, 1) on the page, as a unit vector rounded to whole numbers. */
  up: { x: number; y: number };
  text: string;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number) => ({ x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] });

/**
 * Every top-level form XObject (an imposed face) on each page of a PDF, read with pdf.js: its
 * bounding box through the transforms in force, its up direction, and the text pdf.js finds inside.
 */
export async function placedFaces(file: string): Promise<PlacedFace[][]> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  const pages: PlacedFace[][] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const list = await page.getOperatorList();
    const faces: Array<Omit<PlacedFace, 'text'>> = [];
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let depth = 0;
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
      else if (fn === OPS.paintFormXObjectBegin) {
        if (depth === 0) {
          const [matrix, bbox] = args as [Matrix | null, number[]];
          const m = multiply(ctm, matrix ?? [1, 0, 0, 1, 0, 0]);
          const corners = [
            apply(m, bbox[0]!, bbox[1]!),
            apply(m, bbox[2]!, bbox[3]!),
            apply(m, bbox[0]!, bbox[3]!),
            apply(m, bbox[2]!, bbox[1]!),
          ];
          const xs = corners.map((c) => c.x);
          const ys = corners.map((c) => c.y);
          const x = Math.min(...xs);
          const y = Math.min(...ys);
          const up = { x: Math.round(m[2] / Math.hypot(m[2], m[3])) || 0, y: Math.round(m[3] / Math.hypot(m[2], m[3])) || 0 };
          faces.push({ rect: { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }, up });
        }
        depth++;
      } else if (fn === OPS.paintFormXObjectEnd) depth--;
    });
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item ? [{ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number }] : [],
    );
    pages.push(
      faces.map((face) => ({
        ...face,
        text: items
          .filter(
            (item) =>
              item.x >= face.rect.x &&
              item.x <= face.rect.x + face.rect.width &&
              item.y >= face.rect.y &&
              item.y <= face.rect.y + face.rect.height,
          )
          .map((item) => item.text)
          .join(' ')
          .replace(/\s+/g, ' '),
      })),
    );
  }
  await doc.destroy();
  return pages;
}
