/**
 * What a spreadsheet program saves as "CSV" depends on the program and the computer: UTF-8 with
 * or without a byte-order mark (LibreOffice, Excel "CSV UTF-8"), UTF-16 little-endian with a mark
 * (Excel "Unicode text"), Windows-1252 (Excel's plain "CSV" on a Western-European Windows), Mac
 * Roman (Excel's plain "CSV" on a Mac) or ISO-8859-15. A mark, zero bytes or valid UTF-8 tell
 * which; the single-byte ones the bytes alone cannot tell apart, so `decodeCandidates` gives each
 * reading and the spreadsheet import keeps the one under which the file's source column is the
 * deck's source text.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'macintosh' | 'iso-8859-15';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** What to tell the translator: "UTF-8 with a byte-order mark", "Windows-1252" … */
  description: string;
}

/** Thrown by decodeText when the bytes are in no encoding it can read without guessing. */
export class UnreadableEncoding extends Error {
  override name = 'UnreadableEncoding';
}

/**
 * Windows-1252 from 0x80 to 0x9f (€, „, “, ” …); elsewhere it is ISO-8859-1. Spelled out because
 * Node's TextDecoder reads "windows-1252" as ISO-8859-1 and would turn „ into a control character.
 * `undefined` marks the five bytes 1252 leaves undefined: a file holding one was written in some
 * other single-byte encoding (or is not text), and reading it as 1252 would invent characters.
 */
const WINDOWS_1252_HIGH: ReadonlyArray<string | undefined> = [
  '\u20ac',
  undefined,
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  undefined,
  '\u017d',
  undefined,
  undefined,
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  undefined,
  '\u017e',
  '\u0178',
];

export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return strict(bytes.subarray(3), 'utf-8', 'UTF-8 with a byte-order mark');
  if (startsWith(bytes, [0xff, 0xfe]))
    return strict(bytes.subarray(2), 'utf-16le', 'UTF-16 (little-endian, as Excel saves "Unicode text")');
  if (startsWith(bytes, [0xfe, 0xff])) return strict(bytes.subarray(2), 'utf-16be', 'UTF-16 (big-endian)');
  const unmarkedUtf16 = utf16WithoutMark(bytes);
  if (unmarkedUtf16)
    return strict(bytes, unmarkedUtf16, `UTF-16 without a byte-order mark (${unmarkedUtf16 === 'utf-16le' ? 'little' : 'big'}-endian)`);
  if (bytes.includes(0))
    throw new UnreadableEncoding('the file holds zero bytes, so it is no text file (or UTF-16 with its byte-order mark cut off)');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', description: 'UTF-8' };
  } catch {
    return {
      text: decodeWindows1252(bytes),
      encoding: 'windows-1252',
      description: 'Windows-1252 (as Excel saves plain "CSV" on Windows)',
    };
  }
}

/**
 * Every reading of the bytes that could be what the program saved: the one a byte-order mark,
 * UTF-16's zero bytes or valid UTF-8 prove, else each single-byte encoding that reads the bytes
 * without control characters. Throws UnreadableEncoding when none does.
 */
export function decodeCandidates(bytes: Uint8Array): DecodedText[] {
  const proven = provenEncoding(bytes);
  if (proven) return [proven];
  const readings: DecodedText[] = [];
  const windows = attempt(() => decodeWindows1252(bytes));
  if (windows !== undefined)
    readings.push({ text: windows, encoding: 'windows-1252', description: 'Windows-1252 (as Excel saves plain "CSV" on Windows)' });
  readings.push({
    text: new TextDecoder('macintosh').decode(bytes),
    encoding: 'macintosh',
    description: 'Mac Roman (as Excel saves plain "CSV" on a Mac)',
  });
  const latin9 = new TextDecoder('iso-8859-15').decode(bytes);
  // Bytes 0x80 to 0x9f are control characters in ISO-8859-15: a file holding one was not written in it.
  if (!/[\u0080-\u009f]/.test(latin9)) readings.push({ text: latin9, encoding: 'iso-8859-15', description: 'ISO-8859-15 (Latin-9)' });
  return readings;
}

/** The encoding the bytes themselves prove (a byte-order mark, UTF-16's zero bytes, valid UTF-8), if any. */
function provenEncoding(bytes: Uint8Array): DecodedText | undefined {
  if (
    startsWith(bytes, [0xef, 0xbb, 0xbf]) ||
    startsWith(bytes, [0xff, 0xfe]) ||
    startsWith(bytes, [0xfe, 0xff]) ||
    utf16WithoutMark(bytes)
  )
    return decodeText(bytes);
  if (bytes.includes(0))
    throw new UnreadableEncoding('the file holds zero bytes, so it is no text file (or UTF-16 with its byte-order mark cut off)');
  // Text in a single-byte encoding with any letter beyond ASCII is almost never valid UTF-8 by chance.
  return attempt(() => ({
    text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    encoding: 'utf-8' as const,
    description: 'UTF-8',
  }));
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  bytes.forEach((byte, offset) => {
    if (byte < 0x80 || byte >= 0xa0) {
      text += String.fromCharCode(byte);
      return;
    }
    const character = WINDOWS_1252_HIGH[byte - 0x80];
    if (character === undefined)
      throw new UnreadableEncoding(
        `neither UTF-8 nor Windows-1252: byte 0x${byte.toString(16)} on line ${bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1} (offset ${offset}) means nothing in either`,
      );
    text += character;
  });
  return text;
}

function strict(bytes: Uint8Array, encoding: TextEncodingName, description: string): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding, description };
  } catch {
    throw new UnreadableEncoding(`the file starts like ${description} but is not valid ${encoding.toUpperCase()}`);
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** UTF-16 of mostly Latin text has a zero byte in every other place: odd ones (LE) or even ones (BE). */
function utf16WithoutMark(bytes: Uint8Array): TextEncodingName | undefined {
  const sample = bytes.subarray(0, 2000 - (Math.min(bytes.length, 2000) % 2));
  if (sample.length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  sample.forEach((byte, index) => {
    if (byte === 0) index % 2 === 0 ? evenZeros++ : oddZeros++;
  });
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros === 0) return 'utf-16be';
  return undefined;
}
