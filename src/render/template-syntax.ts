import { problem, type Problem } from '../shared/errors.ts';

/**
 * Handlebars reports a block closed by the wrong name at the opening tag, and other syntax errors
 * as "Parse error on line N" with a caret under an excerpt; both become a file:line:col problem.
 */
export function syntaxProblem(parsed: { file: string; text: string }, thrown: unknown): Problem {
  const error = thrown as Error & { lineNumber?: number; column?: number };
  const lines = parsed.text.split(/\r?\n/);
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(error.message);
  if (mismatch) {
    const [, open, close] = mismatch;
    const openLine = (error.lineNumber ?? 1) - 1;
    const closeLine = lines.findIndex((line, index) => index >= openLine && line.includes(`{{/${close}`));
    const line = closeLine >= 0 ? closeLine : openLine;
    const col = closeLine >= 0 ? lines[closeLine]!.indexOf(`{{/${close}`) + 1 : (error.column ?? 0) + 1;
    return problem(
      'template-syntax',
      parsed,
      line + 1,
      col,
      `template syntax: {{/${close}}} closes {{#${open}}} (opened on line ${openLine + 1}); close it with {{/${open}}}`,
    );
  }
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)/.exec(error.message);
  if (parse) {
    const line = Number(parse[1]);
    const excerpt = parse[2]!.replace(/^\.\.\./, '');
    const caret = parse[3]!.length - (parse[2]!.length - excerpt.length);
    const start = lines[line - 1]?.lastIndexOf(excerpt.split('\n')[0]!) ?? -1;
    const col = start >= 0 ? start + caret + 1 : 1;
    return problem('template-syntax', parsed, line, Math.max(1, col), `template syntax: ${parse[4]!.replace(/'/g, '')}`);
  }
  return problem(
    'template-syntax',
    parsed,
    error.lineNumber ?? 1,
    (error.column ?? 0) + 1,
    `template syntax: ${error.message.split('\n')[0]}`,
  );
}
