import path from 'node:path';
import { displayPath, formatProblem, InputError, type Problem } from '../shared/errors.ts';

/** How the deck loader words a missing translation: "missing de translation of cards.x.title (nl: "…")". */
const MISSING = /^missing (\S+) translation of /;
const EXAMPLES = 5;

/**
 * A build stopped by missing translations: one line per deck and language first, then the ways
 * forward, then a few of the strings, instead of hundreds of lines with no hint. The problems are
 * all kept on the error for tools that list them.
 */
export class MissingTranslationsError extends InputError {
  override name = 'MissingTranslationsError';
}

/** The error for a failed load: the summary when translations are missing, the plain list otherwise. */
export function loadFailure(problems: Problem[], deckDirs: string[]): InputError {
  const missing = problems.filter((problem) => MISSING.test(problem.message));
  if (missing.length === 0) return new InputError(problems);
  const others = problems.filter((problem) => !missing.includes(problem));
  const groups = new Map<string, { deck: string; language: string; file: string; count: number }>();
  for (const problem of missing) {
    const language = MISSING.exec(problem.message)![1]!;
    const deck = path.basename(path.dirname(path.dirname(problem.file)));
    const group = groups.get(`${deck}\0${language}`) ?? { deck, language, file: problem.file, count: 0 };
    group.count++;
    groups.set(`${deck}\0${language}`, group);
  }
  const languages = [...new Set([...groups.values()].map((group) => group.language))];
  const incomplete = new Set([...groups.values()].map((group) => group.deck));
  const complete = deckDirs.map((dir) => path.basename(dir)).filter((deck) => !incomplete.has(deck));
  const width = Math.max(...[...groups.values()].map((group) => group.deck.length));
  const lang = languages.join(',');
  const lines = [
    ...others.map((problem) => formatProblem(problem)),
    `missing translations, so nothing was built:`,
    ...[...groups.values()].map((group) => `  ${group.deck.padEnd(width)}  ${group.language}  ${group.count} string${group.count === 1 ? '' : 's'} missing in ${displayPath(group.file)}`),
    `Ways forward:`,
    `  npx kaartenset i18n status                          which strings, per deck`,
    ...(complete.length > 0 ? [`  npx kaartenset build --lang ${lang} ${complete.map((deck) => `--deck ${deck}`).join(' ')}   only the decks that are complete`] : []),
    `  npx kaartenset build --lang ${lang} --allow-missing   the source text where a translation is missing (listed in manifest.json)`,
    `The first ${Math.min(EXAMPLES, missing.length)} of ${missing.length}:`,
    ...missing.slice(0, EXAMPLES).map((problem) => `  ${formatProblem(problem).split('\n')[0]}`),
  ];
  const error = new MissingTranslationsError(problems);
  error.message = lines.join('\n');
  return error;
}
