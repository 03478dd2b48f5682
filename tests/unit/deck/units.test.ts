import { describe, expect, it } from 'vitest';
import { parseLength, ptToMm, roundPt } from '../../../src/deck/units.ts';

describe('lengths are written with a unit and converted once to points', () => {
  it.each([
    ['63mm', 178.58],
    ['3mm', 8.5],
    ['0.125in', 9],
    ['12pt', 12],
    ['1.5cm', 42.52],
    [' 88 mm ', 249.45],
  ])('%s is %f pt', (text, points) => {
    expect(roundPt(parseLength(text)!)).toBe(points);
  });

  it.each(['63', '63px', 'mm', '6,3mm', '', '1e3mm'])('rejects %j', (text) => {
    expect(parseLength(text)).toBeUndefined();
  });

  it('converts back to millimetres without drift', () => {
    expect(ptToMm(parseLength('74mm')!)).toBeCloseTo(74, 10);
  });
});
