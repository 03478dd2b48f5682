import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { problem, type Problem } from '../shared/errors.ts';

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
  return parseYamlText(file, await readFile(file));
}

/** Decodes and parses one file; every encoding or syntax problem comes back located, never thrown. */
export function parseYamlText(file: string, bytes: Uint8Array): YamlReadResult {
  const decoded = decodeUtf8(file, bytes);
  if ('problem' in decoded) return { problems: [decoded.problem] };
  const text = decoded.text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source: YamlSource = { file, text, doc, lineCounter };
  const problems: Problem[] = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return problem(source, line, col, `YAML syntax: ${firstLine(error.message)}`);
  });
  if (problems.length === 0 && (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))) {
    problems.push(problem(source, 1, 1, 'the file is empty; expected a YAML mapping'));
  }
  return { source: problems.length === 0 ? source : undefined, problems };
}

function decodeUtf8(file: string, bytes: Uint8Array): { text: string } | { problem: Problem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      problem: {
        file, line: 1, col: 1, severity: 'error',
        message: 'the file is UTF-16; save it as UTF-8 (accepted encoding: UTF-8, with or without BOM)',
      },
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
        file, line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1, severity: 'error', source: shown,
        message: `invalid UTF-8 byte 0x${bytes[bad]?.toString(16).padStart(2, '0')}; the file is probably Latin-1 or Windows-1252: save it as UTF-8`,
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
  source: YamlSource,
  path: YamlPath,
  message: string,
  options: { atKey?: string; severity?: Problem['severity'] } = {},
): Problem {
  const offset = offsetOf(source, path, options.atKey);
  const { line, col } = source.lineCounter.linePos(offset);
  return problem(source, line, col, message, options.severity);
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
