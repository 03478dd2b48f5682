/**
 * PDF content streams parsed completely (ISO 32000-1, 7.2 lexical conventions and 8.2 operators):
 * every byte belongs to a token, every operator is a known one with the number of operands it
 * takes. A stream that does not parse this way is refused with ContentSyntaxError, so a caller
 * that rewrites streams never rewrites one it has not understood.
 */

/** A string's bytes are read as `.string` (a hex string's decoded then, a getter): a spread or a clone of one loses them. */
export type Operand = number | boolean | null | { name: string } | { readonly string: Uint8Array } | Operand[] | Map<string, Operand>;

export interface Operation {
  operator: string;
  operands: Operand[];
  /** Byte offsets of the first operand (or the operator when there is none) and of the end of the operator. */
  start: number;
  end: number;
}

export class ContentSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

/** Operand counts of every content operator; undefined = any count (colour components, `scn` with a pattern name). */
const ARITY: Record<string, number | undefined> = {
  b: 0,
  B: 0,
  'b*': 0,
  'B*': 0,
  BDC: 2,
  BMC: 1,
  BT: 0,
  BX: 0,
  c: 6,
  cm: 6,
  CS: 1,
  cs: 1,
  d: 2,
  d0: 2,
  d1: 6,
  Do: 1,
  DP: 2,
  EMC: 0,
  ET: 0,
  EX: 0,
  f: 0,
  F: 0,
  'f*': 0,
  G: 1,
  g: 1,
  gs: 1,
  h: 0,
  i: 1,
  j: 1,
  J: 1,
  K: 4,
  k: 4,
  l: 2,
  m: 2,
  M: 1,
  MP: 1,
  n: 0,
  q: 0,
  Q: 0,
  re: 4,
  RG: 3,
  rg: 3,
  ri: 1,
  s: 0,
  S: 0,
  SC: undefined,
  sc: undefined,
  SCN: undefined,
  scn: undefined,
  sh: 1,
  'T*': 0,
  Tc: 1,
  Td: 2,
  TD: 2,
  Tf: 2,
  Tj: 1,
  TJ: 1,
  TL: 1,
  Tm: 6,
  Tr: 1,
  Ts: 1,
  Tw: 1,
  Tz: 1,
  v: 4,
  w: 1,
  W: 0,
  'W*': 0,
  y: 4,
  "'": 1,
  '"': 3,
};

/** Each byte's class, looked up by value: a preflight parses every face of every sheet. */
const WHITESPACE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[byte] = WHITESPACE;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = DELIMITER;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const HEX_DIGIT = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX_DIGIT[c.charCodeAt(0)] = 1;
/** Powers of ten a number of up to 15 digits is divided by: exact, so the quotient rounds as Number() does. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A hex string operand (`<0012003a>`), decoded when first read: a page shows thousands of glyph
 * runs as hex strings, and a reader looks at few of them.
 */
class HexString {
  #bytes: Uint8Array | undefined;
  readonly #text: string;
  readonly #from: number;
  readonly #to: number;
  constructor(text: string, from: number, to: number) {
    this.#text = text;
    this.#from = from;
    this.#to = to;
  }
  get string(): Uint8Array {
    if (!this.#bytes) {
      const digits = this.#text.slice(this.#from, this.#to).replace(/[\0\t\n\f\r ]/g, '');
      this.#bytes = new Uint8Array(Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex'));
    }
    return this.#bytes;
  }
}

/** Each byte as the character of its value (Node's latin1, not TextDecoder's, which is windows-1252). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function parseContent(bytes: Uint8Array): Operation[] {
  const operations: Operation[] = [];
  let operands: Operand[] = [];
  let start = -1;
  let at = 0;
  // The stream as one byte per character, so a token is a slice of it.
  const text = latin1(bytes);

  const skipSpace = () => {
    while (at < bytes.length) {
      if (CLASS[bytes[at]!] === WHITESPACE) at++;
      else if (bytes[at] === 0x25) while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
      else break;
    }
  };
  const regular = () => {
    const from = at;
    while (at < bytes.length && CLASS[bytes[at]!] === 0) at++;
    return text.slice(from, at);
  };

  /** One object; `undefined` when the next token is an operator (left unread). */
  const object = (): Operand | undefined => {
    const byte = bytes[at]!;
    const from = at;
    if (byte === 0x28) return { string: literalString() };
    if (byte === 0x3c && bytes[at + 1] === 0x3c) return dictionary();
    if (byte === 0x3c) return hexString();
    if (byte === 0x5b) {
      at++;
      const items: Operand[] = [];
      for (;;) {
        skipSpace();
        if (at >= bytes.length) throw new ContentSyntaxError('unterminated array', from);
        if (bytes[at] === 0x5d) break;
        const item = object();
        if (item === undefined) throw new ContentSyntaxError('operator inside an array', at);
        items.push(item);
      }
      at++;
      return items;
    }
    if (byte === 0x2f) {
      at++;
      const name = regular();
      return {
        name: name.includes('#') ? name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name,
      };
    }
    if (CLASS[byte] === DELIMITER) throw new ContentSyntaxError(`unexpected "${String.fromCharCode(byte)}"`, from);
    const number = plainNumber();
    if (number !== undefined) return number;
    const word = regular();
    if (NUMBER.test(word)) return Number(word);
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    at = from;
    return undefined;
  };

  const literalString = (): Uint8Array => {
    const from = at;
    const out: number[] = [];
    let depth = 0;
    at++;
    for (;;) {
      if (at >= bytes.length) throw new ContentSyntaxError('unterminated string', from);
      const byte = bytes[at++]!;
      if (byte === 0x5c) {
        const next = bytes[at++];
        if (next === undefined) throw new ContentSyntaxError('unterminated string', from);
        const simple: Record<number, number> = { 110: 0x0a, 114: 0x0d, 116: 0x09, 98: 0x08, 102: 0x0c, 40: 0x28, 41: 0x29, 92: 0x5c };
        if (next in simple) out.push(simple[next]!);
        else if (next >= 0x30 && next <= 0x37) {
          let octal = next - 0x30;
          for (let digits = 1; digits < 3 && bytes[at]! >= 0x30 && bytes[at]! <= 0x37; digits++) octal = octal * 8 + bytes[at++]! - 0x30;
          out.push(octal & 0xff);
        } else if (next === 0x0d) {
          if (bytes[at] === 0x0a) at++;
        } else if (next !== 0x0a) out.push(next);
      } else if (byte === 0x28) {
        depth++;
        out.push(byte);
      } else if (byte === 0x29) {
        if (depth === 0) return Uint8Array.from(out);
        depth--;
        out.push(byte);
      } else out.push(byte);
    }
  };

  const hexString = (): HexString => {
    const from = at;
    const end = bytes.indexOf(0x3e, at);
    if (end < 0) throw new ContentSyntaxError('unterminated hex string', from);
    for (let i = at + 1; i < end; i++) {
      if (!HEX_DIGIT[bytes[i]!] && CLASS[bytes[i]!] !== WHITESPACE) throw new ContentSyntaxError('bad hex string', from);
    }
    at = end + 1;
    return new HexString(text, from + 1, end);
  };

  /**
   * A number of up to 15 digits read straight from the bytes (a stream is mostly numbers), to the
   * same value Number() gives; undefined, and nothing read, for any other token.
   */
  const plainNumber = (): number | undefined => {
    let i = at;
    const sign = bytes[i] === 0x2d ? -1 : 1;
    if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
    let mantissa = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x30 && byte <= 0x39) {
        mantissa = mantissa * 10 + (byte - 0x30);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (byte === 0x2e && decimals < 0) decimals = 0;
      else break;
    }
    if (digits === 0 || digits > 15 || (i < bytes.length && CLASS[bytes[i]!] === 0)) return undefined;
    at = i;
    return (sign * mantissa) / POWERS_OF_TEN[Math.max(decimals, 0)]!;
  };

  const dictionary = (): Map<string, Operand> => {
    const from = at;
    at += 2;
    const entries = new Map<string, Operand>();
    for (;;) {
      skipSpace();
      if (at >= bytes.length) throw new ContentSyntaxError('unterminated dictionary', from);
      if (bytes[at] === 0x3e && bytes[at + 1] === 0x3e) break;
      const key = object();
      if (!key || typeof key !== 'object' || !('name' in key)) throw new ContentSyntaxError('dictionary key is not a name', at);
      skipSpace();
      const value = object();
      if (value === undefined) throw new ContentSyntaxError('dictionary value missing', at);
      entries.set(key.name, value);
    }
    at += 2;
    return entries;
  };

  for (;;) {
    skipSpace();
    if (at >= bytes.length) break;
    if (start < 0) start = at;
    const operand = object();
    if (operand !== undefined) {
      operands.push(operand);
      continue;
    }
    const operatorAt = at;
    const operator = regular();
    if (!operator) throw new ContentSyntaxError(`unexpected byte 0x${bytes[at]!.toString(16)}`, at);
    if (operator === 'BI') throw new ContentSyntaxError('inline images are not read', operatorAt);
    if (!(operator in ARITY)) throw new ContentSyntaxError(`unknown operator "${operator}"`, operatorAt);
    const arity = ARITY[operator];
    if (arity !== undefined && operands.length !== arity) {
      throw new ContentSyntaxError(`"${operator}" takes ${arity} operand(s), found ${operands.length}`, operatorAt);
    }
    operations.push({ operator, operands, start, end: at });
    operands = [];
    start = -1;
  }
  if (operands.length) throw new ContentSyntaxError('operands without an operator at the end', start);
  return operations;
}
