/** Languages written right to left (ISO 639), by their primary subtag. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb']);

/** The direction a new locale of `language` declares: rtl for Arabic, Hebrew, Persian, Urdu and the like (ar-EG too). */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}
