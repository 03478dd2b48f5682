/**
 * Reads a gettext PO file as msgfmt does, in one pass, keeping each entry's line: strings with
 * gettext's escapes (\n \t \" \\ \a \b \f \v \r \?, octal \ooo, hexadecimal \xhh), msgctxt,
 * msgid, msgid_plural, msgstr and msgstr[n], flags (#,), references (#:) and obsolete entries
 * (#~). What msgfmt refuses is a PoSyntaxError at its line: an unterminated string, a keyword out
 * of place, a file that ends inside an entry, the same msgctxt and msgid twice.
 */

export interface PoEntry {
  /** The line of the entry's first keyword (msgctxt, else msgid). */
  line: number;
  msgctxt?: string;
  msgid: string;
  msgidPlural?: string;
  msgstr: string[];
  flags: string[];
  references: string[];
  obsolete: boolean;
}

export class PoSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PoSyntaxError';
  }
}

type Field = 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr';

interface Draft {
  line: number;
  msgctxt?: string;
  msgid?: string;
  msgidPlural?: string;
  msgstr: string[];
  flags: string[];
  references: string[];
  obsolete: boolean;
  /** The field a continuation string adds to, and the msgstr index. */
  current?: { field: Field; index: number };
}

const KEYWORD = /^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*)$/s;

export function readPo(text: string): PoEntry[] {
  const entries: PoEntry[] = [];
  const seen = new Map<string, number>();
  let draft: Draft | undefined;
  let comments = { flags: [] as string[], references: [] as string[] };
  const finish = (atLine: number) => {
    if (!draft) return;
    if (draft.msgid === undefined)
      throw new PoSyntaxError(draft.line, `an entry without msgid (it starts here and ends before line ${atLine})`);
    if (draft.msgstr.length === 0)
      throw new PoSyntaxError(
        draft.line,
        atLine > lineCount
          ? 'the file ends inside this entry, before its msgstr: it was cut short'
          : `the entry has no msgstr before line ${atLine}`,
      );
    const key = `${draft.obsolete ? '~' : ''}${draft.msgctxt ?? '\u0004'}\u0000${draft.msgid}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new PoSyntaxError(
        draft.line,
        `the entry of line ${first} again (the same msgctxt and msgid; msgfmt refuses duplicates): keep one of lines ${first} and ${draft.line}`,
      );
    seen.set(key, draft.line);
    entries.push({
      line: draft.line,
      ...(draft.msgctxt === undefined ? {} : { msgctxt: draft.msgctxt }),
      msgid: draft.msgid,
      ...(draft.msgidPlural === undefined ? {} : { msgidPlural: draft.msgidPlural }),
      msgstr: draft.msgstr,
      flags: draft.flags,
      references: draft.references,
      obsolete: draft.obsolete,
    });
    draft = undefined;
  };
  const lines = text.split(/\r\n|\r|\n/);
  const lineCount = lines.length;
  for (const [index, raw] of lines.entries()) {
    const number = index + 1;
    let line = raw.trim();
    const obsolete = line.startsWith('#~');
    if (obsolete) {
      line = line.slice(2).trim();
      // #~| is the previous source of an obsolete entry: a comment.
      if (line.startsWith('|')) continue;
    } else if (line.startsWith('#')) {
      // A comment after an entry's strings starts the next entry.
      if (draft?.msgstr.length) finish(number);
      if (line.startsWith('#,'))
        comments.flags.push(
          ...line
            .slice(2)
            .split(',')
            .map((flag) => flag.trim())
            .filter(Boolean),
        );
      else if (line.startsWith('#:')) comments.references.push(...line.slice(2).trim().split(/\s+/).filter(Boolean));
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('"')) {
      if (!draft?.current) throw new PoSyntaxError(number, 'a string that belongs to no msgid, msgstr or msgctxt');
      appendTo(draft, draft.current, unquote(line, number));
      continue;
    }
    const keyword = KEYWORD.exec(line);
    if (!keyword && /^(msgctxt|msgid_plural|msgid|msgstr)(\[\d+\])?$/.test(line))
      throw new PoSyntaxError(number, `${line} without its string (was the file cut short?)`);
    if (!keyword) throw new PoSyntaxError(number, `"${line.slice(0, 40)}" is no PO keyword (msgctxt, msgid, msgid_plural, msgstr)`);
    const field = keyword[1] as Field;
    const value = unquote(keyword[3]!, number);
    // msgctxt always starts an entry; msgid does unless it follows its own msgctxt.
    if (draft && (field === 'msgctxt' || (field === 'msgid' && draft.msgid !== undefined))) finish(number);
    if (!draft) {
      if (field !== 'msgctxt' && field !== 'msgid') throw new PoSyntaxError(number, `${field} before the msgid it translates`);
      draft = { line: number, msgstr: [], obsolete, ...comments };
      comments = { flags: [], references: [] };
    }
    if (field === 'msgstr') {
      if (draft.msgid === undefined) throw new PoSyntaxError(number, 'msgstr before the msgid it translates');
      const at = keyword[2] === undefined ? 0 : Number(keyword[2]);
      draft.msgstr[at] = value;
      draft.current = { field, index: at };
      continue;
    }
    if (field === 'msgid_plural') {
      if (draft.msgid === undefined) throw new PoSyntaxError(number, 'msgid_plural before its msgid');
      draft.msgidPlural = value;
    } else if (field === 'msgid') draft.msgid = value;
    else draft.msgctxt = value;
    draft.current = { field, index: 0 };
  }
  finish(lineCount + 1);
  return entries;
}

function appendTo(draft: Draft, current: { field: Field; index: number }, value: string): void {
  if (current.field === 'msgstr') draft.msgstr[current.index] = (draft.msgstr[current.index] ?? '') + value;
  else if (current.field === 'msgid_plural') draft.msgidPlural = (draft.msgidPlural ?? '') + value;
  else if (current.field === 'msgid') draft.msgid = (draft.msgid ?? '') + value;
  else draft.msgctxt = (draft.msgctxt ?? '') + value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\u0007',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  '?': '?',
  "'": "'",
};

/** One quoted PO string, its escapes decoded as gettext's C escapes. */
function unquote(quoted: string, line: number): string {
  if (quoted.length < 2 || !quoted.startsWith('"'))
    throw new PoSyntaxError(line, `a string must be in double quotes: ${quoted.slice(0, 40)}`);
  let out = '';
  let index = 1;
  while (index < quoted.length) {
    const character = quoted[index]!;
    if (character === '"') {
      if (quoted.slice(index + 1).trim() !== '')
        throw new PoSyntaxError(
          line,
          `text after the closing quote: ${quoted.slice(index + 1, index + 41)} (a quote inside a string is written \\")`,
        );
      return out;
    }
    if (character !== '\\') {
      out += character;
      index++;
      continue;
    }
    const next = quoted[index + 1];
    if (next === undefined) break;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      index += 2;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(quoted.slice(index + 1))![0];
      out += String.fromCharCode(Number.parseInt(digits, 8));
      index += 1 + digits.length;
    } else if (next === 'x' && /[0-9a-fA-F]/.test(quoted[index + 2] ?? '')) {
      const digits = /^[0-9a-fA-F]+/.exec(quoted.slice(index + 2))![0];
      out += String.fromCharCode(Number.parseInt(digits.slice(-2), 16));
      index += 2 + digits.length;
    } else throw new PoSyntaxError(line, `the escape \\${next} means nothing in a PO string (\\n, \\t, \\", \\\\ do)`);
  }
  throw new PoSyntaxError(line, 'the string has no closing quote (was the file cut short?)');
}
