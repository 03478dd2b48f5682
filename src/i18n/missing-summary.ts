import path from 'node:path';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { displayPath, formatProblem, formatProblemLine, InputError, type Problem } from '../shared/errors.ts';

const EXAMPLES = 5;

/**
 * A build stopped by missing translations: one line per deck and language first, then the ways
 * forward, then a few of the strings, instead of hundreds of lines with no hint. The problems are
 * all kept on the error for tools that list them.
 */
export class MissingTranslationsError extends InputError {
  constructor(problems: Problem[], message: string) {
    super(problems, message);
    this.name = 'MissingTranslationsError';
  }
}

/**
 * The error for a failed load: the summary when translations are missing, the plain list otherwise.
 * Which deck and language a missing string belongs to is known from the locale file it is missing
 * in, as the decks (as far as they loaded) name their locale files.
 */
export function loadFailure(problems: Problem[], decks: Array<{ dir: string; draft?: Pick<LoadedDeck, 'locales'> }>): InputError {
  const missing = problems.filter((problem) => problem.code === 'translation-missing');
  if (missing.length === 0) return new InputError(problems);
  const others = problems.filter((problem) => !missing.includes(problem));
  const localeFiles = new Map(
    decks.flatMap(({ dir, draft }) =>
      [...(draft?.locales.values() ?? [])].map((loaded) => [loaded.file, { deck: path.basename(dir), language: loaded.language }] as const),
    ),
  );
  const groups = new Map<string, { deck: string; language: string; file: string; count: number }>();
  for (const problem of missing) {
    const file = problem.location?.file ?? '';
    const owner = localeFiles.get(file) ?? {
      deck: path.basename(path.dirname(path.dirname(file))),
      language: path.basename(file, '.yaml'),
    };
    const key = `${owner.deck}\0${owner.language}`;
    const group = groups.get(key) ?? { ...owner, file, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  const languages = [...new Set([...groups.values()].map((group) => group.language))];
  const incomplete = new Set([...groups.values()].map((group) => group.deck));
  const complete = decks.map(({ dir }) => path.basename(dir)).filter((deck) => !incomplete.has(deck));
  const width = Math.max(...[...groups.values()].map((group) => group.deck.length));
  const lang = languages.join(',');
  const lines = [
    ...others.map((problem) => formatProblem(problem)),
    `missing translations, so nothing was built:`,
    ...[...groups.values()].map(
      (group) =>
        `  ${group.deck.padEnd(width)}  ${group.language}  ${group.count} string${group.count === 1 ? '' : 's'} missing in ${displayPath(group.file)}`,
    ),
    `Ways forward:`,
    `  npx kaartenset i18n status                          which strings, per deck`,
    ...(complete.length > 0
      ? [`  npx kaartenset build --lang ${lang} ${complete.map((deck) => `--deck ${deck}`).join(' ')}   only the decks that are complete`]
      : []),
    `  npx kaartenset build --lang ${lang} --allow-missing   the source text where a translation is missing (listed in manifest.json)`,
    `The first ${Math.min(EXAMPLES, missing.length)} of ${missing.length}:`,
    ...missing.slice(0, EXAMPLES).map((problem) => `  ${formatProblemLine(problem)}`),
  ];
  return new MissingTranslationsError(problems, lines.join('\n'));
}
