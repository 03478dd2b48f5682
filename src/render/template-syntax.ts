import { problem, type Problem } from '../shared/errors.ts';

interface Fault {
  offset: number;
  message: string;
}

interface OpenBlock {
  name: string;
  offset: number;
}

/**
 * A template's syntax error as a file:line:col problem in a designer's words, located at the tag
 * at fault. Handlebars' own parser reports grammar tokens ("Expecting CLOSE_RAW_BLOCK, ...") and
 * often the start of the line, so the tags are scanned first; its message is the fallback.
 */
export function syntaxProblem(parsed: { file: string; text: string }, thrown: unknown): Problem {
  const fault = tagFault(parsed.text);
  if (fault) {
    const { line, col } = lineAndColumn(parsed.text, fault.offset);
    return problem('template-syntax', parsed, line, col, `template syntax: ${fault.message}`);
  }
  return parserProblem(parsed, thrown);
}

/** The first unclosed, mis-braced or unmatched `{{...}}` tag, scanning as Handlebars reads them. */
export function tagFault(text: string): Fault | undefined {
  const blocks: OpenBlock[] = [];
  let at = 0;
  for (;;) {
    const open = nextOpening(text, at);
    if (open < 0) break;
    if (/^\{\{~?!--/.test(text.slice(open, open + 6))) {
      const end = /--~?\}\}/.exec(text.slice(open + 5));
      if (!end) return { offset: open, message: 'this comment is never closed: end it with --}}' };
      at = open + 5 + end.index + end[0].length;
      continue;
    }
    if (text.startsWith('{{{{', open)) {
      // A raw block's content is text, whatever braces it holds; Handlebars judges the block itself.
      const end = text.indexOf('}}}}', text.indexOf('{{{{/', open + 4));
      if (end < 0 || text.indexOf('{{{{/', open + 4) < 0) return undefined;
      at = end + 4;
      continue;
    }
    const triple = text.startsWith('{{{', open);
    const bodyStart = open + (triple ? 3 : 2);
    const lineEnd = endOfLine(text, bodyStart);
    const nextOpen = nextOpening(text, bodyStart);
    const close = text.indexOf('}}', bodyStart);
    const tag = excerpt(text, open, close >= 0 ? close + (triple ? 3 : 2) : lineEnd);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const single = text.slice(bodyStart, nextOpen >= 0 ? Math.min(nextOpen, lineEnd) : lineEnd).indexOf('}');
      if (single >= 0)
        return {
          offset: bodyStart + single,
          message: `${text.slice(open, bodyStart + single + 1)} closes with one brace: write ${triple ? '}}}' : '}}'} to close it`,
        };
      return { offset: open, message: `${tag} is never closed: end it with ${triple ? '}}}' : '}}'}` };
    }
    if (triple && text[close + 2] !== '}')
      return {
        offset: close,
        message: `${text.slice(open, close + 2)} opens with three braces and closes with two: use {{{...}}} or {{...}}`,
      };
    if (!triple && text[close + 2] === '}' && text[close + 3] !== '}')
      return { offset: close + 2, message: `${tag}} opens with two braces and closes with three: use {{...}} or {{{...}}}` };
    const body = text.slice(bodyStart, close).replace(/^~/, '').replace(/~$/, '').trim();
    const blockFault = trackBlock(text, blocks, body, open, tag);
    if (blockFault) return blockFault;
    at = close + (triple ? 3 : 2);
  }
  const unclosed = blocks.pop();
  if (unclosed)
    return { offset: unclosed.offset, message: `{{#${unclosed.name}}} is never closed: add {{/${unclosed.name}}} where the block ends` };
  return undefined;
}

function trackBlock(text: string, blocks: OpenBlock[], body: string, offset: number, tag: string): Fault | undefined {
  const opening = /^[#^]>?\*?\s*([^\s}]+)/.exec(body);
  if (opening) {
    blocks.push({ name: opening[1]!, offset });
    return undefined;
  }
  const closing = /^\/\s*([^\s}]+)/.exec(body);
  if (closing) {
    const name = closing[1]!;
    const open = blocks.pop();
    if (!open) return { offset, message: `${tag} closes a block that was never opened: remove it, or open it with {{#${name} ...}}` };
    if (open.name !== name)
      return {
        offset,
        message: `${tag} closes {{#${open.name}}} (opened on line ${lineAndColumn(text, open.offset).line}); close it with {{/${open.name}}}, or open {{#${name} ...}} first`,
      };
    return undefined;
  }
  if (/^(else\b|\^$)/.test(body) && blocks.length === 0)
    return { offset, message: `${tag} stands outside any block: it belongs between {{#if ...}} and {{/if}}` };
  return undefined;
}

/** The next `{{` that Handlebars reads as a tag (a backslash before it makes it text). */
function nextOpening(text: string, from: number): number {
  let at = text.indexOf('{{', from);
  while (at > 0 && text[at - 1] === '\\') at = text.indexOf('{{', at + 2);
  return at;
}

function endOfLine(text: string, from: number): number {
  const end = text.slice(from).search(/[\r\n]/);
  return end < 0 ? text.length : from + end;
}

function excerpt(text: string, start: number, end: number): string {
  const tag = text.slice(start, Math.min(end, endOfLine(text, start)));
  return tag.length > 40 ? `${tag.slice(0, 37)}...` : tag;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

/** Handlebars' own message, for faults the tag scan does not see, its grammar terms left out. */
function parserProblem(parsed: { file: string; text: string }, thrown: unknown): Problem {
  const error = thrown as Error & { lineNumber?: number; column?: number };
  const lines = parsed.text.split(/\r\n|\r|\n/);
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)/.exec(error.message);
  if (parse) {
    const line = Number(parse[1]);
    const excerptText = parse[2]!.replace(/^\.\.\./, '');
    const caret = parse[3]!.length - (parse[2]!.length - excerptText.length);
    const start = lines[line - 1]?.lastIndexOf(excerptText.split('\n')[0]!) ?? -1;
    const col = start >= 0 ? start + caret + 1 : 1;
    const found = /got '?(\w+)'?$/.exec(parse[4]!)?.[1];
    return problem(
      'template-syntax',
      parsed,
      line,
      Math.max(1, col),
      `template syntax: ${found ? `this ${TOKEN_WORDS[found] ?? 'text'} is not allowed here` : 'this tag cannot be read'}; see docs/templates.md for the tags a template may use`,
    );
  }
  return problem(
    'template-syntax',
    parsed,
    error.lineNumber ?? 1,
    (error.column ?? 0) + 1,
    `template syntax: ${error.message.split('\n')[0]}`,
  );
}

const TOKEN_WORDS: Record<string, string> = {
  EOF: 'end of the file',
  INVALID: 'character',
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  OPEN_ENDBLOCK: 'closing tag {{/...}}',
  INVERSE: '{{else}}',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
};
