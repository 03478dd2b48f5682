import { describe, expect, it } from 'vitest';
import { parseContent } from '../../../src/pdf/content-syntax.ts';
import { splitClusterSpans } from '../../../src/pdf-write/cluster-text.ts';

/*
 * A line as Chromium (Skia) writes it for the Arabic أساس, right to left in visual order: a
 * plain glyph, a cluster of one glyph, and أ as a cluster of a hamza drawn above the line first,
 * then the alef on the baseline.
 */
const SKIA = `BT
/ReversedChars BMC
/F5 10 Tf
1 0 0 -1 151.578125 53 Tm
<0022> Tj
/Span<</ActualText <feff0627> >> BDC
13.6999817 0 Td <0009> Tj
EMC
/Span<</ActualText <feff0623> >> BDC
9.289978 1.44000244 Td <0128> Tj
.21000671 -1.44000244 Td <000c> Tj
EMC
EMC
ET
`;
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const text = (data: Uint8Array | undefined) => Buffer.from(data!).toString('latin1');
/** What a page draws: every operation but marked content, operands as parsed. */
const drawing = (data: Uint8Array) =>
  parseContent(data)
    .filter(({ operator }) => !['BDC', 'BMC', 'EMC'].includes(operator))
    .map(({ operator, operands }) => JSON.stringify([operator, operands]));

describe('the text of a cluster drawn as a mark and a base', () => {
  it('goes to the base glyph on the baseline; the mark gets none; the drawing stays', () => {
    const split = splitClusterSpans(bytes(SKIA));
    expect(text(split)).toContain(
      '9.289978 1.44000244 Td\n/Span <</ActualText <feff>>> BDC <0128> Tj EMC\n.21000671 -1.44000244 Td\n/Span <</ActualText <feff0623>>> BDC <000c> Tj EMC',
    );
    // A cluster of one glyph keeps its span as Skia wrote it.
    expect(text(split)).toContain('/Span<</ActualText <feff0627> >> BDC\n13.6999817 0 Td <0009> Tj\nEMC');
    expect(drawing(split!)).toEqual(drawing(bytes(SKIA)));
    const spans = parseContent(split!).filter(({ operator }) => operator === 'BDC').length;
    expect(parseContent(split!).filter(({ operator }) => operator === 'EMC')).toHaveLength(spans + 1);
  });

  it('follows the baseline over earlier moves: a mark after a raised glyph outside a span is still a mark', () => {
    const raised = SKIA.replace('<0022> Tj\n', '0 2 Td <0022> Tj\n0 -2 Td\n');
    expect(text(splitClusterSpans(bytes(raised)))).toContain('/Span <</ActualText <feff0623>>> BDC <000c> Tj EMC');
  });

  it('leaves a stream alone without such clusters: single glyphs, a ligature of two bases, other content in a span', () => {
    expect(
      splitClusterSpans(bytes(SKIA.replace('9.289978 1.44000244 Td', '9.289978 0 Td').replace('-1.44000244 Td', '0 Td'))),
    ).toBeUndefined();
    expect(splitClusterSpans(bytes(SKIA.replace('<0128> Tj\n', '<0128> Tj\n0 0 1 rg\n')))).toBeUndefined();
    expect(splitClusterSpans(bytes('BT /F1 9 Tf 1 0 0 1 0 0 Tm (Hallo) Tj ET'))).toBeUndefined();
  });
});
