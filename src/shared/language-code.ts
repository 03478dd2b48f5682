/** A language as locale files are named: ISO 639, two or three letters, and an optional region. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;

/** The pseudo-locale (src/deck/pseudo-locale.ts): a language made from the source, with no file. */
export const PSEUDO_LANGUAGE = 'pseudo';

/**
 * Why `value` is no language code a deck can have (a BCP 47 tag of an ISO 639 language and an
 * optional region, as locale files are named, or `pseudo`), or undefined when it is one. A tag
 * written in another case (`pt-br`) is named in its canonical form.
 */
export function languageCodeProblem(value: string): string | undefined {
  if (LANGUAGE_CODE.test(value) || value === PSEUDO_LANGUAGE) return undefined;
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(value)[0];
  } catch {
    canonical = undefined;
  }
  const suggestion = canonical !== undefined && LANGUAGE_CODE.test(canonical) ? ` (did you mean ${canonical}?)` : '';
  return `"${value}" is not a language code${suggestion}: use ISO 639 with an optional region, as the locale files are named (nl, en, de, ar, pt-BR)`;
}
