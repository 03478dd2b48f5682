import path from 'node:path';

/** One thing wrong with the user's input, located in their file. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
  /** The offending source line, shown under the message. */
  source?: string;
  severity: 'error' | 'warning';
}

/** Thrown for mistakes in user input: the CLI prints them without a stack trace. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => formatProblem(p)).join('\n'));
    this.name = 'InputError';
  }
}

/** Thrown when the environment (browser, tools) is not what the build needs. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Thrown when a build step fails on correct input (text that cannot fit, a face outside the safe zone). */
export class BuildError extends Error {
  override name = 'BuildError';
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

export function formatProblem(problem: Problem, cwd?: string): string {
  const head = `${displayPath(problem.file, cwd)}:${problem.line}:${problem.col}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
  if (problem.source === undefined) return head;
  const gutter = `${problem.line} | `;
  const caret = `${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, problem.col - 1))}^`;
  return `${head}\n  ${gutter}${problem.source}\n  ${caret}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}

/** A problem at a line and column of a text file, with that line shown under the message. */
export function problem(
  source: { file: string; text: string },
  line: number,
  col: number,
  message: string,
  severity: Problem['severity'] = 'error',
): Problem {
  return { file: source.file, line, col, message, severity, source: source.text.split(/\r?\n/)[line - 1] };
}
