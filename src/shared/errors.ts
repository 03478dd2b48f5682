import path from 'node:path';

/** Where a problem is: a line (and column) of a text file, a file as a whole, or a page of a PDF. */
export interface TextLocation {
  file: string;
  /** 1-based; absent when the problem is the file as a whole (printed `file: message`, never `file:1:1`). */
  line?: number;
  /** 1-based; absent when only the line is known. */
  col?: number;
}

export interface PdfLocation {
  file: string;
  /** 1-based page number. */
  page: number;
  /** Across from the page's top left corner, in millimetres. */
  xMm?: number;
  /** Down from the page's top left corner, in millimetres. */
  yMm?: number;
}

export type Location = TextLocation | PdfLocation;

/**
 * One finding, in every command: a deck's mistake, text that does not fit, a preflight failure, a
 * file that is no PDF. `code` is stable and kebab-case (tools key on it; the message may be
 * reworded), `hint` says what to do. schema/problems.schema.json is its JSON form.
 */
export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  location?: Location;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The offending source line, shown under the message. */
  source?: string;
}

export type Severity = Problem['severity'];

interface ProblemOptions {
  severity?: Severity;
  hint?: string;
}

/**
 * What went wrong, as problems: thrown for a user's mistake (an input, a folder, a missing tool),
 * which the CLI prints without a stack trace (or as JSON with --json). Anything else that is
 * thrown is a bug.
 */
export class ProblemError extends Error {
  constructor(
    readonly problems: Problem[],
    message = formatProblems(problems),
  ) {
    super(message);
    this.name = 'ProblemError';
  }
}

/** Thrown for mistakes in user input: the CLI prints them without a stack trace. */
export class InputError extends ProblemError {
  constructor(problems: Problem[], message?: string) {
    super(problems, message);
    this.name = 'InputError';
  }
}

/** Thrown for a command used wrongly (a folder that holds no build, an option that names nothing): exit 2, as the CLI's own usage errors. */
export class UsageError extends InputError {
  constructor(problems: Problem[], message?: string) {
    super(problems, message);
    this.name = 'UsageError';
  }
}

/** Thrown when the environment (browser, tools, the output folder) is not what the build needs. */
export class EnvironmentError extends ProblemError {
  /** A sentence, one problem of `code`, or the problems themselves (then `message` says them in one). */
  constructor(what: string | Problem[], options: { code?: string; message?: string } = {}) {
    const problems = typeof what === 'string' ? [{ code: options.code ?? 'environment', severity: 'error' as const, message: what }] : what;
    super(problems, options.message ?? (typeof what === 'string' ? what : undefined));
    this.name = 'EnvironmentError';
  }
}

/** Thrown when a build step fails on correct input (text that cannot fit, a face outside the safe zone). */
export class BuildError extends ProblemError {
  /** A sentence, one problem of `code`, or the problems themselves (then `message` says them in one). */
  constructor(what: string | Problem[], options: { code?: string; message?: string } = {}) {
    const problems =
      typeof what === 'string' ? [{ code: options.code ?? 'build-failed', severity: 'error' as const, message: what }] : what;
    super(problems, options.message ?? (typeof what === 'string' ? what : undefined));
    this.name = 'BuildError';
  }
}

export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

export function isPdfLocation(location: Location | undefined): location is PdfLocation {
  return location !== undefined && 'page' in location;
}

/** `file:line:col`, `file:line`, `file`, or `file: page 3` (at 12, 40 mm): how a location leads a problem's line. */
export function formatLocation(location: Location, cwd?: string): string {
  const file = displayPath(location.file, cwd);
  if (isPdfLocation(location)) return `${file}: ${formatPageLocation(location)}`;
  if (location.line === undefined) return file;
  return location.col === undefined ? `${file}:${location.line}` : `${file}:${location.line}:${location.col}`;
}

/** Where on a PDF's page: `page 3`, or `page 3 at 12, 40 mm` from the page's top left corner. */
export function formatPageLocation(location: PdfLocation): string {
  const at =
    location.xMm !== undefined && location.yMm !== undefined ? ` at ${location.xMm.toFixed(0)}, ${location.yMm.toFixed(0)} mm` : '';
  return `page ${location.page}${at}`;
}

/** The problem's message with what to do after it, as one sentence: "message; hint". */
export function problemText(problem: Problem): string {
  return problem.hint ? `${problem.message}; ${problem.hint}` : problem.message;
}

/**
 * One problem for people: `file:line:col: message; hint` (a warning says so), the source line and a
 * caret under it when known. A problem without a line is `file: message`; without a location, the message.
 */
export function formatProblem(problem: Problem, cwd?: string): string {
  const warning = problem.severity === 'warning' ? 'warning: ' : '';
  const head = problem.location
    ? `${formatLocation(problem.location, cwd)}: ${warning}${problemText(problem)}`
    : `${warning}${problemText(problem)}`;
  const location = problem.location;
  if (problem.source === undefined || !location || isPdfLocation(location) || location.line === undefined) return head;
  const gutter = `${location.line} | `;
  const caret = `${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, (location.col ?? 1) - 1))}^`;
  return `${head}\n  ${gutter}${problem.source}\n  ${caret}`;
}

/** The first line of formatProblem: the problem without its source line, for lists and logs. */
export function formatProblemLine(problem: Problem, cwd?: string): string {
  return formatProblem({ ...problem, source: undefined }, cwd);
}

export function formatProblems(problems: Problem[], cwd?: string): string {
  return problems.map((problem) => formatProblem(problem, cwd)).join('\n');
}

/** The problem as JSON tools read it (schema/problems.schema.json): paths as people see them, relative to `cwd` when inside it. */
export function problemJson(problem: Problem, cwd?: string): Problem {
  return { ...problem, ...(problem.location ? { location: { ...problem.location, file: displayPath(problem.location.file, cwd) } } : {}) };
}

export function sortProblems(problems: Problem[]): Problem[] {
  const key = (problem: Problem) => {
    const location = problem.location;
    if (!location) return { file: '', first: 0, second: 0 };
    return isPdfLocation(location)
      ? { file: location.file, first: location.page, second: 0 }
      : { file: location.file, first: location.line ?? 0, second: location.col ?? 0 };
  };
  return [...problems].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.file.localeCompare(kb.file) || ka.first - kb.first || ka.second - kb.second || a.message.localeCompare(b.message);
  });
}

/** A problem at a line and column of a text file, with that line shown under the message. */
export function problem(
  code: string,
  source: { file: string; text: string },
  line: number,
  col: number,
  message: string,
  options: Severity | ProblemOptions = {},
): Problem {
  const { severity = 'error', hint } = typeof options === 'string' ? { severity: options } : options;
  return {
    code,
    severity,
    location: { file: source.file, line, col },
    message,
    ...(hint ? { hint } : {}),
    source: source.text.split(/\r?\n/)[line - 1],
  };
}

/** A problem with a file as a whole (it is missing, a folder, not what it should be): `file: message`. */
export function fileProblem(code: string, file: string, message: string, options: ProblemOptions = {}): Problem {
  return { code, severity: options.severity ?? 'error', location: { file }, message, ...(options.hint ? { hint: options.hint } : {}) };
}

/** A problem at a line of a file whose text is not at hand (a CSV row, a PO entry). */
export function lineProblem(
  code: string,
  file: string,
  line: number,
  message: string,
  options: ProblemOptions & { col?: number } = {},
): Problem {
  return {
    code,
    severity: options.severity ?? 'error',
    location: { file, line, ...(options.col !== undefined ? { col: options.col } : {}) },
    message,
    ...(options.hint ? { hint: options.hint } : {}),
  };
}

/** A problem on a page of a PDF, at a point of it when known (mm from the top left). */
export function pdfProblem(
  code: string,
  file: string,
  page: number,
  message: string,
  options: ProblemOptions & { xMm?: number; yMm?: number } = {},
): Problem {
  const at = options.xMm !== undefined && options.yMm !== undefined ? { xMm: options.xMm, yMm: options.yMm } : {};
  return {
    code,
    severity: options.severity ?? 'error',
    location: { file, page, ...at },
    message,
    ...(options.hint ? { hint: options.hint } : {}),
  };
}
