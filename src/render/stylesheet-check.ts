import { readFile } from 'node:fs/promises';
import { fileProblem, problem, type Problem } from '../shared/errors.ts';
import { toLineFeeds } from '../shared/line-ends.ts';

/**
 * The structural mistakes a browser silently forgives by dropping the rest of a stylesheet: a
 * comment, string or block left open, or a `}` that closes nothing. Each one located, so the
 * designer sees the line instead of cards that quietly lost their styles.
 */
export async function checkStylesheet(file: string): Promise<Problem[]> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined)
    return [fileProblem('file-not-found', file, 'the stylesheet is missing: the cards are styled by templates/styles/cards.css')];
  return stylesheetProblems({ file, text });
}

export function stylesheetProblems(saved: { file: string; text: string }): Problem[] {
  const source = { file: saved.file, text: toLineFeeds(saved.text) };
  const { text } = source;
  const problems: Problem[] = [];
  const open: number[] = [];
  const at = (offset: number, message: string, code = 'css-syntax') => {
    const before = text.slice(0, offset);
    const row = before.split('\n').length;
    problems.push(problem(code, source, row, offset - before.lastIndexOf('\n'), message));
  };
  // A stylesheet goes into the page's <style>: a tag that ends it or runs something, even in a
  // comment or a string, is refused (a grammar placeholder such as <length> in a comment is not).
  for (const match of text.matchAll(
    /<\/[a-z][a-z0-9-]*|<!--|<!\[CDATA\[|<(?:script|style|iframe|img|svg|object|embed|link|meta|base)\b/gi,
  )) {
    at(
      match.index,
      `"${match[0]}" is markup, not CSS: a stylesheet holds no tags, not even in a comment or a string (write \\3c for a "<" in a string)`,
      'css-markup',
    );
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        at(i, 'comment /* is never closed with */');
        break;
      }
      i = end + 1;
    } else if (char === '"' || char === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== char && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== char) at(i, `string ${char}…${char} is not closed on its line`);
      i = Math.min(j, text.length);
      if (text[i] === '\n') i--;
    } else if (char === '{') {
      open.push(i);
    } else if (char === '}') {
      if (open.pop() === undefined) at(i, '} closes no block: remove it, or add the { it belongs to');
    }
  }
  for (const offset of open) at(offset, '{ is never closed with }');
  return problems;
}
