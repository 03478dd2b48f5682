import { describe, expect, it } from 'vitest';
import { ContentSyntaxError, parseContent } from '../../../src/pdf/content-syntax.ts';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('content stream syntax', () => {
  it('reads every operator with its operands and where it sits', () => {
    const text = 'q 1 0 0 1 10 20 cm\n.5 .5 .5 rg /F1 9 Tf [(A) -20 (B)] TJ Q';
    const operations = parseContent(bytes(text));
    expect(operations.map((op) => op.operator)).toEqual(['q', 'cm', 'rg', 'Tf', 'TJ', 'Q']);
    expect(operations[1]!.operands).toEqual([1, 0, 0, 1, 10, 20]);
    expect(operations[3]!.operands).toEqual([{ name: 'F1' }, 9]);
    const rg = operations[2]!;
    expect(text.slice(rg.start, rg.end)).toBe('.5 .5 .5 rg');
  });

  it('keeps strings whole: nested and escaped parentheses, octal escapes, hex strings', () => {
    const [show, hex] = parseContent(bytes('(a (b) \\) c\\051 \\101) Tj <48 49> Tj'));
    expect(new TextDecoder().decode((show!.operands[0] as { string: Uint8Array }).string)).toBe('a (b) ) c) A');
    expect(new TextDecoder().decode((hex!.operands[0] as { string: Uint8Array }).string)).toBe('HI');
  });

  it('reads every way a number is written to the value Number() gives it', () => {
    const written = [
      '0',
      '-0',
      '+.5',
      '-.25',
      '5.',
      '007',
      '0.1',
      '0.3',
      '4.35',
      '12.345',
      '-3.14159265358979',
      '123456789012345',
      '1234567890123456789',
    ];
    const [operation] = parseContent(bytes(`[${written.join(' ')}] 0 d`));
    expect(operation!.operands[0]).toEqual(written.map(Number));
  });

  it('reads hex strings with spaces between the digits, and an odd last digit as followed by 0', () => {
    const [spaced, odd] = parseContent(bytes('<48 4\n9> Tj <4849 5> Tj'));
    expect([...(spaced!.operands[0] as { string: Uint8Array }).string]).toEqual([0x48, 0x49]);
    expect([...(odd!.operands[0] as { string: Uint8Array }).string]).toEqual([0x48, 0x49, 0x50]);
  });

  it('reads marked content with a property dictionary and skips comments', () => {
    const operations = parseContent(bytes('/Span <</ActualText (x) /MCID 3>> BDC % a comment with rg in it\nEMC'));
    expect(operations.map((op) => op.operator)).toEqual(['BDC', 'EMC']);
    expect((operations[0]!.operands[1] as Map<string, unknown>).get('MCID')).toBe(3);
  });

  it('refuses what it does not understand rather than guessing', () => {
    expect(() => parseContent(bytes('1 0 0 rg 2 Tz2'))).toThrow(ContentSyntaxError);
    expect(() => parseContent(bytes('1 1 rg'))).toThrow(/"rg" takes 3 operand/);
    expect(() => parseContent(bytes('BI /W 1 /H 1 ID x EI'))).toThrow(/inline images/);
    expect(() => parseContent(bytes('(open Tj'))).toThrow(/unterminated string/);
    expect(() => parseContent(bytes('1 2'))).toThrow(/without an operator/);
    expect(() => parseContent(bytes('<48 4x> Tj'))).toThrow(/bad hex string/);
    expect(() => parseContent(bytes('1.2.3 w'))).toThrow(/unknown operator "1\.2\.3"/);
    expect(() => parseContent(bytes('1 2 3 4 5 6e cm'))).toThrow(/unknown operator "6e"/);
  });
});
