import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { readPageDrawing } from '../../src/pdf/content-ops.ts';

export type PlacedFace = [face: number, x: number, y: number, width: number, height: number, rotation: number];

/**
 * Which face sits where on each page of an imposed file, read back from the PDF itself. A face is
 * named by its index among the embedded faces (embedPages creates them in faces-document order).
 */
export async function sheetStructure(file: string): Promise<{ pages: PlacedFace[][]; distinctFaces: number; boxes: number[][] }> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const drawings = doc.getPages().map((page) => readPageDrawing(page));
  const objects = [...new Set(drawings.flatMap((d) => d.placements.map((p) => p.object)))].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  const pages = drawings.map((d) =>
    d.placements.map(
      (p) =>
        [objects.indexOf(p.object), round(p.rect.x), round(p.rect.y), round(p.rect.width), round(p.rect.height), p.rotation] as PlacedFace,
    ),
  );
  const boxes = doc
    .getPages()
    .map((page) => [page.getTrimBox(), page.getBleedBox()].flatMap((b) => [b.x, b.y, b.width, b.height].map(round)));
  return { pages, distinctFaces: objects.length, boxes };
}
