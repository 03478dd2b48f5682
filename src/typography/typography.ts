/**
 * Typography by rule: the YAML is typed with the keys of any keyboard, and every text that prints
 * is set as a typesetter would set it in its language. The rules, for each language:
 *
 * - an apostrophe is U+2019 (z’n, collega’s, children’s, residents’), also where Dutch elides
 *   a word at the start (’s avonds, ’t);
 * - quotes open and close: “…” and ‘…’ in Dutch and English alike (the Taalunie's and the
 *   British style guides' first choice);
 * - a range of numbers takes an en dash (2019–2021), a date like 2026-12-07 keeps its hyphens;
 * - a number and its unit or percent sign stay on one line: a no-break space between them in
 *   Dutch (100 %, 3 mm), and in English none before % (100%) and a no-break space before a unit;
 * - a term of the deck's no-break list (a model's name) never breaks: its spaces are no-break
 *   spaces and its soft hyphens are dropped.
 *
 * Markup (`*…*`, `**…**`) passes through untouched; the functions take and give plain strings.
 */

import { mapLanguageRuns } from '../shared/language-runs.ts';

const NBSP = '\u00A0';
const SHY = '\u00AD';
const LETTER = '\\p{L}\\p{M}';
const DIGIT = '\\p{Nd}';
/** What may stand before an opening quote: the start, a space, an opening bracket, a dash or markup. */
const OPENS_AFTER = `(^|[\\s(\\[{*\\-\u2013\u2014/${NBSP}])`;

/** Units a number keeps on its line. */
const UNITS = ['mm', 'cm', 'm', 'km', 'g', 'kg', 'mg', 'l', 'ml', 'pt', 'px', 'min', 'uur', 'h', 'km/h', '°C', '€'];

/** Words Dutch writes with an elided first letter: ’s, ’t, ’n (’s avonds, ’t is, zo’n is mid-word). */
const ELIDED: Record<string, RegExp> = {
  nl: new RegExp(`${OPENS_AFTER}'(?=(?:s|t|n)(?![${LETTER}]))`, 'gu'),
  en: new RegExp(`${OPENS_AFTER}'(?=(?:tis|twas|em)(?![${LETTER}]))`, 'giu'),
};

interface LanguageRules {
  percent: string;
}

const RULES: Record<string, LanguageRules> = {
  nl: { percent: NBSP },
  en: { percent: '' },
};

/** The rules of a language code (nl, en-GB); English's for a language without its own. */
function rulesOf(language: string): { code: string; rules: LanguageRules } {
  const code = language.toLowerCase().split('-')[0]!;
  return RULES[code] ? { code, rules: RULES[code] } : { code: 'en', rules: RULES.en! };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as a pattern that also finds it with soft hyphens in its words or a no-break space between them. */
function termPattern(term: string): RegExp {
  const parts = term
    .trim()
    .split(/\s+/)
    .map((word) => [...word].map(escapeRegExp).join(`${SHY}?`));
  return new RegExp(`(?<![${LETTER}])${parts.join(`[ ${NBSP}]+`)}(?![${LETTER}])`, 'giu');
}

/**
 * One text, set by the rules of its language, and each `[…]{lang=xx}` run in it by xx's; `noBreak`
 * holds the terms that never break.
 */
export function typeset(text: string, language: string, noBreak: readonly string[] = []): string {
  return mapLanguageRuns(text, language, (run, own) => typesetRun(run, own, noBreak));
}

function typesetRun(text: string, language: string, noBreak: readonly string[]): string {
  const patterns = patternsOf(language, noBreak);
  // dev sets the whole deck again on each save, where one text changed.
  const known = patterns.set.get(text);
  if (known !== undefined) return known;
  const out = setText(text, patterns);
  patterns.set.set(text, out);
  return out;
}

function setText(text: string, patterns: Patterns): string {
  let out = text;
  // Each rule only where its sign occurs: most texts hold no quote, number or dash.
  if (out.includes("'")) {
    // Apostrophes and single quotes: elisions first, then what opens, then everything else closes.
    if (patterns.elided) out = out.replace(patterns.elided, '$1\u2019');
    out = out.replace(patterns.yearApostrophe, '$1\u2019').replace(patterns.singleOpens, '$1\u2018').replace(/'/g, '\u2019');
  }
  if (out.includes('"')) out = out.replace(patterns.doubleOpens, '$1\u201C').replace(/"/g, '\u201D');
  if (ANY_DIGIT.test(out)) {
    // Ranges: exactly two numbers joined by a hyphen (not a date, not a phone number).
    out = out.replace(patterns.range, '$1\u2013$2');
    // Numbers and their signs.
    out = out.replace(patterns.percent, `$1${patterns.rules.percent}%`);
    out = out.replace(patterns.unit, `$1${NBSP}$2`).replace(patterns.euro, `€${NBSP}`);
  }
  for (const term of patterns.terms) out = out.replace(term, (found) => found.replaceAll(SHY, '').replace(/ /g, NBSP));
  return out;
}

const ANY_DIGIT = new RegExp(DIGIT, 'u');

/**
 * The patterns of one language and list of terms, made once: a pattern with Unicode property
 * classes takes longer to make than to run over a card's text, and a deck has hundreds of texts.
 */
function patternsOf(language: string, noBreak: readonly string[]): Patterns {
  const { code, rules } = rulesOf(language);
  const key = `${code}\n${noBreak.join('\n')}`;
  let patterns = madePatterns.get(key);
  if (!patterns) {
    const units = UNITS.map(escapeRegExp).join('|');
    patterns = {
      rules,
      elided: ELIDED[code],
      yearApostrophe: new RegExp(`${OPENS_AFTER}'(?=${DIGIT}{2}(?!${DIGIT}))`, 'gu'),
      singleOpens: new RegExp(`${OPENS_AFTER}'(?=\\S)`, 'gu'),
      doubleOpens: new RegExp(`${OPENS_AFTER}"(?=\\S)`, 'gu'),
      range: new RegExp(`(?<![${DIGIT}\\-])(${DIGIT}+)-(${DIGIT}+)(?![\\-${DIGIT}])`, 'gu'),
      percent: new RegExp(`(${DIGIT})[ ${NBSP}]?%`, 'gu'),
      unit: new RegExp(`(${DIGIT}) (${units})(?![${LETTER}])`, 'gu'),
      euro: new RegExp(`€ (?=${DIGIT})`, 'gu'),
      terms: noBreak.map(termPattern),
      set: new Map(),
    };
    madePatterns.set(key, patterns);
  }
  return patterns;
}

interface Patterns {
  rules: LanguageRules;
  elided?: RegExp;
  yearApostrophe: RegExp;
  singleOpens: RegExp;
  doubleOpens: RegExp;
  range: RegExp;
  percent: RegExp;
  unit: RegExp;
  euro: RegExp;
  terms: RegExp[];
  /** Each text set so far, by its input. */
  set: Map<string, string>;
}

const madePatterns = new Map<string, Patterns>();

const done = new WeakMap<object, Map<string, unknown>>();

/**
 * Every string of a value (a locale, a card's texts) set by `typeset`; numbers, keys and the
 * shape stay. The same input object in the same language gives the same output object.
 */
export function typesetAll<T>(value: T, language: string, noBreak: readonly string[] = []): T {
  if (value === null || typeof value !== 'object') return mapStrings(value, language, noBreak) as T;
  const key = `${language}\n${noBreak.join('\n')}`;
  const byKey = done.get(value) ?? new Map<string, unknown>();
  done.set(value, byKey);
  if (!byKey.has(key)) byKey.set(key, mapStrings(value, language, noBreak));
  return byKey.get(key) as T;
}

function mapStrings(value: unknown, language: string, noBreak: readonly string[]): unknown {
  if (typeof value === 'string') return typeset(value, language, noBreak);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, language, noBreak));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, language, noBreak)]));
  return value;
}
