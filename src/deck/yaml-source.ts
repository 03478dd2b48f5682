import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { fileProblem, problem, type Problem } from '../shared/errors.ts';
import { toLineFeeds } from '../shared/line-ends.ts';

/**
 * What a deck file may ask of the parser: far above any real deck (the SWAN locale is 20 KB, 6
 * levels deep, without aliases), far below what hangs the parser or overflows its stack.
 */
export const YAML_LIMITS = {
  /** Bytes in one file. */
  bytes: 4 * 1024 * 1024,
  /** Nested maps, lists and flow brackets. */
  depth: 64,
  /** Nodes an alias may expand into, as the yaml library counts them (its protection against alias bombs). */
  aliasCount: 100,
} as const;

export type YamlPath = ReadonlyArray<string | number>;

/** A parsed YAML file that still knows where every node came from. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
}

export interface YamlReadResult {
  source?: YamlSource;
  problems: Problem[];
}

export async function readYamlFile(file: string): Promise<YamlReadResult> {
  // A file far too large is refused before it is read into memory.
  const { size } = await stat(file);
  if (size > YAML_LIMITS.bytes) return { problems: [tooLarge(file, size)] };
  return parseYamlText(file, await readFile(file));
}

/** The last parse of each file by its bytes, once `rememberYamlParses` was called. */
let remembered: Map<string, { bytes: Uint8Array; read: YamlReadResult }> | undefined;

/**
 * From now on, a file read again with the same bytes gives the same parse: `dev` loads the whole
 * deck on every save, where one file changed. Only for a process that never changes a parsed
 * document (the i18n commands do, to write translations back).
 */
export function rememberYamlParses(): void {
  remembered ??= new Map();
}

/** Decodes and parses one file; every encoding, syntax or size problem comes back located, never thrown. */
export function parseYamlText(file: string, bytes: Uint8Array): YamlReadResult {
  const known = remembered?.get(file);
  if (known && Buffer.compare(known.bytes, bytes) === 0) return known.read;
  const read = parseYaml(file, bytes);
  remembered?.set(file, { bytes, read });
  return read;
}

function parseYaml(file: string, bytes: Uint8Array): YamlReadResult {
  if (bytes.length > YAML_LIMITS.bytes) return { problems: [tooLarge(file, bytes.length)] };
  const decoded = decodeUtf8(file, bytes);
  if ('problem' in decoded) return { problems: [decoded.problem] };
  // CRLF, CR, U+2028 and U+2029 end a line like LF: the parser and every line count below see LF only.
  const text = toLineFeeds(decoded.text);
  const tooDeep = firstTooDeep(text);
  if (tooDeep) {
    return {
      problems: [
        problem(
          'yaml-too-deep',
          { file, text },
          tooDeep.line,
          tooDeep.col,
          `nested more than ${YAML_LIMITS.depth} levels deep; a deck file needs a few levels (cards > id > field > list)`,
        ),
      ],
    };
  }
  const lineCounter = new LineCounter();
  // Keys are checked for uniqueness below, in one pass: the library's own check compares every key with every other.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const source: YamlSource = { file, text, doc, lineCounter };
  const at = (offset: number, message: string, code = 'yaml-syntax') => {
    const { line, col } = lineCounter.linePos(offset);
    return problem(code, source, line, col, message);
  };
  const problems: Problem[] = doc.errors.map((error) => {
    const opening = /^Flow (sequence|map) /.test(error.message) ? unclosedOpening(text, error.pos[0]) : undefined;
    if (opening === undefined) return at(error.pos[0], `YAML syntax: ${firstLine(error.message)}`);
    const [opened, closing] = text[opening] === '[' ? ['[', ']'] : ['{', '}'];
    return at(
      opening,
      `YAML syntax: the ${opened} here is never closed with ${closing}; a value that starts with ${opened} is read as a ${opened === '[' ? 'list' : 'mapping'}: put text in quotes ("${opened}…")`,
    );
  });
  problems.push(...duplicateKeys(doc).map((offset) => at(offset, 'YAML syntax: Map keys must be unique', 'yaml-duplicate-key')));
  if (problems.length === 0 && (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))) {
    problems.push(fileProblem('yaml-empty', file, 'the file is empty; expected a YAML mapping'));
  }
  if (problems.length === 0) {
    const alias = aliasExpansionProblem(doc);
    if (alias !== undefined)
      problems.push(
        at(
          alias,
          `aliases (*name) expand into too many nodes (more than ${YAML_LIMITS.aliasCount} for one alias); write the values out, or use fewer nested aliases`,
          'yaml-alias-expansion',
        ),
      );
  }
  return { source: problems.length === 0 ? source : undefined, problems };
}

function tooLarge(file: string, size: number): Problem {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return fileProblem('file-too-large', file, `the file is ${mb(size)}; a deck file may hold at most ${mb(YAML_LIMITS.bytes)}`);
}

/** Offsets of every key that repeats an earlier key of the same mapping: one set per mapping, so linear. */
function duplicateKeys(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(key);
      }
    },
  });
  return offsets;
}

/** Where aliases expand past the bound (an alias bomb), found by converting once with the library's own counter. */
function aliasExpansionProblem(doc: Document): number | undefined {
  try {
    doc.toJS({ maxAliasCount: YAML_LIMITS.aliasCount });
    return undefined;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_, alias) {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return offset;
  }
}

/**
 * The first place nesting goes deeper than the bound, found in one pass over the text before the
 * parser sees it (the parser recurses per level and runs out of stack or memory on a few thousand).
 * Block depth is the stack of indentations plus compact `- ` items on a line; flow depth counts
 * brackets outside quotes and comments.
 */
function firstTooDeep(text: string): { line: number; col: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  // The indentation of the key whose value is a block scalar (| or >): its more-indented lines are text.
  let blockScalarAt: number | undefined;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const content = /^( *)(.*)$/.exec(line)!;
    const indent = content[1]!.length;
    const rest = content[2]!;
    if (blockScalarAt !== undefined && (rest === '' || indent > blockScalarAt)) continue;
    blockScalarAt = undefined;
    if (rest === '' || rest.startsWith('#')) continue;
    if (flow === 0 && /(?:^|[\s:-])[|>][+-]?\d?[+-]?\s*(?:#.*)?$/.test(rest)) blockScalarAt = indent;
    if (flow === 0) {
      while (indents.length > 0 && indents.at(-1)! >= indent) indents.pop();
      indents.push(indent);
      const compact = /^(?:[-?:] +)*/.exec(rest)![0].replace(/ /g, '').length;
      if (indents.length + compact > YAML_LIMITS.depth) return { line: index + 1, col: indent + 1 };
    }
    for (const [i, char] of flowBrackets(rest)) {
      if (char === '[' || char === '{') {
        flow++;
        if (indents.length + flow > YAML_LIMITS.depth) return { line: index + 1, col: indent + i + 1 };
      } else {
        flow = Math.max(0, flow - 1);
      }
    }
  }
  return undefined;
}

/** The brackets of flow collections on one line, outside quotes and comments, with their index. */
function* flowBrackets(line: string): Generator<[number, string]> {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s[{,:]/.test(line[i - 1]!)) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return;
    } else if ('[{]}'.includes(char)) {
      yield [i, char];
    }
  }
}

/**
 * Where the flow collection that the parser found unclosed at `offset` was opened: the parser
 * notices only where the next key begins, a line or more later, while the mistake (often a text
 * that starts with "[") is on the line that opens it.
 */
function unclosedOpening(text: string, offset: number): number | undefined {
  const open: number[] = [];
  let lineStart = 0;
  for (const line of text.slice(0, offset).split('\n')) {
    for (const [i, char] of flowBrackets(line)) {
      if (char === '[' || char === '{') open.push(lineStart + i);
      else open.pop();
    }
    lineStart += line.length + 1;
  }
  return open.at(-1);
}

function decodeUtf8(file: string, bytes: Uint8Array): { text: string } | { problem: Problem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      problem: fileProblem('encoding-not-utf8', file, 'the file is UTF-16', {
        hint: 'save it as UTF-8 (accepted encoding: UTF-8, with or without BOM)',
      }),
    };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)) };
  } catch {
    const bad = firstInvalidUtf8Offset(bytes, start);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(start, bad));
    const lines = before.split('\n');
    const shown = new TextDecoder('utf-8').decode(bytes.subarray(start)).split(/\r?\n/)[lines.length - 1];
    return {
      problem: {
        code: 'encoding-not-utf8',
        severity: 'error',
        location: { file, line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1 },
        message: `invalid UTF-8 byte 0x${bytes[bad]?.toString(16).padStart(2, '0')}; the file is probably Latin-1 or Windows-1252: save it as UTF-8`,
        source: shown,
      },
    };
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array, start: number): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = start;
  let high = bytes.length;
  // The longest valid prefix, found by bisection; a cut inside a multi-byte sequence is treated as invalid too.
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(start, mid));
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The problem located at `path`: at the value when it exists, at the key when `atKey` names one,
 * otherwise at the deepest ancestor that exists (a missing field is reported on its parent).
 */
export function problemAtPath(
  code: string,
  source: YamlSource,
  path: YamlPath,
  message: string,
  options: { atKey?: string; severity?: Problem['severity']; hint?: string } = {},
): Problem {
  const offset = offsetOf(source, path, options.atKey);
  const { line, col } = source.lineCounter.linePos(offset);
  return problem(code, source, line, col, message, { severity: options.severity, hint: options.hint });
}

function offsetOf(source: YamlSource, path: YamlPath, atKey?: string): number {
  let node = source.doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  // Where a path runs out, the key that holds the deepest existing node reads best ("tweede:").
  let holder: number | undefined;
  for (const segment of [...path, ...(atKey === undefined ? [] : [atKey])]) {
    const isLast = segment === atKey;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return holder ?? offset;
      const keyNode = pair.key as Node;
      if (isLast) return keyNode.range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? null;
      holder = keyNode.range?.[0];
      offset = node?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return holder ?? offset;
      node = item;
      holder = undefined;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
