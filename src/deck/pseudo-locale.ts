import type { Locale } from './schema.ts';
import { flattenStrings, setAtPath } from './locale-strings.ts';

import { PSEUDO_LANGUAGE } from '../shared/language-code.ts';

export { PSEUDO_LANGUAGE };

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'î',
  o: 'ö',
  u: 'ü',
  y: 'ý',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
  A: 'Å',
  E: 'É',
  I: 'Î',
  O: 'Ö',
  U: 'Ü',
  Y: 'Ý',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Z: 'Ž',
};

/**
 * About 40 % longer, every vowel accented, markup kept: what a long translation does to a layout,
 * before any translation exists.
 */
export function pseudoText(text: string): string {
  const accented = text.replace(/[A-Za-z]/g, (letter) => ACCENTED[letter] ?? letter);
  const words = accented.split(' ');
  const extra = Math.max(1, Math.round(text.length * 0.4));
  const padding: string[] = [];
  for (let i = 0; padding.join(' ').length < extra - 1; i++) padding.push(words[i % words.length]!.replace(/[*.,:;!?()]/g, '') || 'ééé');
  return `${accented} ${padding.join(' ').slice(0, extra - 1)}`;
}

/** The source locale with every text run through pseudoText. */
export function pseudoLocale(source: Locale): Locale {
  const locale = structuredClone(source);
  for (const entry of flattenStrings(source)) {
    if (entry.value !== null) setAtPath(locale, entry.path, pseudoText(entry.value));
  }
  locale.language = { name: 'Pséüdö', direction: 'ltr' };
  return locale;
}
