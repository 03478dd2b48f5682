import { describe, expect, it } from 'vitest';
import { parseUnicodeMap } from '../../../src/pdf/unicode-repair.ts';

const cmap = (blocks: string) =>
  `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${blocks}\nendcmap\n`;

describe('a ToUnicode map as read for the CMYK text repair', () => {
  it('gives each code of a bfchar block its text, a ligature its letters', () => {
    expect(parseUnicodeMap(cmap('2 beginbfchar\n<0003> <0020>\n<00A1> <00660074>\nendbfchar'))).toEqual(
      new Map([
        ['0003', '0020'],
        ['00a1', '00660074'],
      ]),
    );
  });

  it('writes a bfrange out code by code, counting up from its first text or taking them from its list', () => {
    const map = parseUnicodeMap(cmap('2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0066> <00660069>]\nendbfrange'));
    expect(map).toEqual(
      new Map([
        ['0010', '0041'],
        ['0011', '0042'],
        ['0012', '0043'],
        ['0020', '0066'],
        ['0021', '00660069'],
      ]),
    );
  });
});
