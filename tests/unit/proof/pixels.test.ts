import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { diffRasters, encodePng, outline } from '../../../src/proof/pixels.ts';
import type { Raster } from '../../../src/shared/ppm.ts';

/** A white raster with black squares at the given places. */
function raster(width: number, height: number, squares: Array<{ x: number; y: number; size: number }> = []): Raster {
  const rgb = new Uint8Array(width * height * 3).fill(255);
  for (const { x, y, size } of squares)
    for (let row = y; row < y + size; row++) rgb.fill(0, (row * width + x) * 3, (row * width + x + size) * 3);
  return { width, height, rgb };
}

describe('the pixel difference of two renderings of a face', () => {
  it('finds nothing between identical faces', () => {
    const face = raster(120, 160, [{ x: 10, y: 10, size: 20 }]);
    const difference = diffRasters(face, raster(120, 160, [{ x: 10, y: 10, size: 20 }]));
    expect(difference.changed).toBe(0);
    expect(difference.boxes).toEqual([]);
  });

  it('outlines each changed area with a box around it, and only there', () => {
    const before = raster(120, 160, [{ x: 10, y: 10, size: 20 }]);
    const after = raster(120, 160, [
      { x: 10, y: 10, size: 20 },
      { x: 60, y: 100, size: 10 },
      { x: 10, y: 140, size: 4 },
    ]);
    const difference = diffRasters(before, after);
    expect(difference.changed).toBe(100 + 16);
    expect(difference.boxes).toHaveLength(2);
    for (const [square, box] of [
      [{ x: 60, y: 100, size: 10 }, difference.boxes.find((box) => box.y > 80)!],
      [{ x: 10, y: 140, size: 4 }, difference.boxes.find((box) => box.y > 120)!],
    ] as const) {
      expect(box.x).toBeLessThanOrEqual(square.x);
      expect(box.y).toBeLessThanOrEqual(square.y);
      expect(box.x + box.width).toBeGreaterThanOrEqual(square.x + square.size);
      expect(box.y + box.height).toBeGreaterThanOrEqual(square.y + square.size);
      // A margin of at most two cells of 8 pixels, not the whole face.
      expect(box.width).toBeLessThanOrEqual(square.size + 32);
    }
  });

  it('ignores the small shifts of anti-aliasing', () => {
    const before = raster(40, 40);
    const after = raster(40, 40);
    after.rgb.fill(240, 0, 300);
    expect(diffRasters(before, after).changed).toBe(0);
  });

  it('counts what lies outside the smaller face as changed when the size changed', () => {
    const difference = diffRasters(raster(100, 100), raster(110, 100));
    expect(difference.changed).toBe(10 * 100);
    expect(difference.image.width).toBe(110);
  });
});

describe('an outlined face', () => {
  it('leaves the raster it was drawn on as it was, also one read from a file (a Buffer)', () => {
    const face = raster(40, 40);
    const read = { ...face, rgb: Buffer.from(face.rgb) };
    const outlined = outline(read, [{ x: 8, y: 8, width: 16, height: 16 }]);
    expect(outlined.rgb.subarray((8 * 40 + 8) * 3, (8 * 40 + 8) * 3 + 3)).toEqual(new Uint8Array([220, 20, 60]));
    expect(read.rgb.every((channel) => channel === 255)).toBe(true);
  });
});

describe('a proof image as PNG', () => {
  it('reads back, pixel for pixel, in pngjs (an outside reader)', () => {
    const face = outline(raster(30, 20, [{ x: 5, y: 5, size: 6 }]), [{ x: 4, y: 4, width: 8, height: 8 }]);
    const png = PNG.sync.read(Buffer.from(encodePng(face)));
    expect([png.width, png.height]).toEqual([30, 20]);
    for (let i = 0; i < 30 * 20; i++) expect([...png.data.subarray(i * 4, i * 4 + 3)]).toEqual([...face.rgb.subarray(i * 3, i * 3 + 3)]);
    // The outline is drawn in red at the box's corner.
    expect([...face.rgb.subarray((4 * 30 + 4) * 3, (4 * 30 + 4) * 3 + 3)]).toEqual([220, 20, 60]);
  });
});
