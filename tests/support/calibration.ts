import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tool } from './pdf-tools.ts';

const DPI = 300;
const PT_PER_MM = 72 / 25.4;

interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A binary PGM (P5) as pdftoppm -gray writes it. */
function readPgm(bytes: Buffer): Gray {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: bytes.subarray(header[0].length) };
}

/**
 * The centre of the cross drawn near `around` (pt, PDF coordinates): the column and the row with the
 * most ink within `reach` mm, each the middle of the lines at least 80 % as inked (a bold line is
 * several pixels wide), in pt.
 */
function crossCentre(image: Gray, pageHeightPt: number, around: { x: number; y: number }, reach: number) {
  const scale = DPI / 72;
  const [cx, cy] = [Math.round(around.x * scale), Math.round((pageHeightPt - around.y) * scale)];
  const r = Math.round(reach * PT_PER_MM * scale);
  const columns = new Map<number, number>();
  const rows = new Map<number, number>();
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      const ink = 255 - image.pixels[y * image.width + x]!;
      if (ink < 64) continue;
      columns.set(x, (columns.get(x) ?? 0) + ink);
      rows.set(y, (rows.get(y) ?? 0) + ink);
    }
  }
  const middle = (counts: Map<number, number>) => {
    const most = Math.max(...counts.values());
    const lines = [...counts].filter(([, count]) => count >= 0.8 * most);
    const weight = lines.reduce((sum, [, count]) => sum + count, 0);
    return lines.reduce((sum, [at, count]) => sum + (at + 0.5) * count, 0) / weight;
  };
  return { x: middle(columns) / scale, y: pageHeightPt - middle(rows) / scale };
}

/**
 * What a teacher reads on pages 1-2 of a school PDF printed by a printer whose back side lands
 * `drift` mm off (right and up as the back page itself is printed): where the bold back cross sits
 * from the middle of the fine front cross, seen through the paper from the front, in mm, right
 * and up positive, to the scale's half millimetre. The crosses are found in pdftoppm's renders of
 * the two pages, not in the program's numbers.
 */
export async function readCalibrationSheet(
  file: string,
  drift: { x: number; y: number },
  axis: 'vertical' | 'horizontal',
  sheet: { width: number; height: number },
): Promise<{ exact: { x: number; y: number }; read: { x: number; y: number } }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-calibration-'));
  try {
    await tool('pdftoppm', ['-gray', '-r', String(DPI), '-f', '1', '-l', '2', file, path.join(dir, 'page')]);
    const [front, back] = await Promise.all((await readdir(dir)).sort().map(async (name) => readPgm(await readFile(path.join(dir, name)))));
    // The middle cross of the sheet (calibrationPoints): away from the paper's edges.
    const point = { x: sheet.width / 2, y: sheet.height * 0.3 };
    const fine = crossCentre(front!, sheet.height, point, 4);
    const behind = axis === 'vertical' ? { x: sheet.width - point.x, y: point.y } : { x: point.x, y: sheet.height - point.y };
    const bold = crossCentre(back!, sheet.height, behind, 10);
    const printed = { x: bold.x + drift.x * PT_PER_MM, y: bold.y + drift.y * PT_PER_MM };
    const seen = axis === 'vertical' ? { x: sheet.width - printed.x, y: printed.y } : { x: printed.x, y: sheet.height - printed.y };
    const exact = { x: (seen.x - fine.x) / PT_PER_MM, y: (seen.y - fine.y) / PT_PER_MM };
    const half = (mm: number) => Math.round(mm * 2) / 2 || 0;
    return { exact, read: { x: half(exact.x), y: half(exact.y) } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
