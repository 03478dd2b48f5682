/** One translatable string: its dotted key (cards.r1-security.questions.0) and its value. */
export interface LocaleString {
  key: string;
  path: Array<string | number>;
  value: string | null;
}

/** Every leaf string of a locale, in file order. Structural keys (language.direction) are not text. */
export function flattenStrings(value: unknown, path: Array<string | number> = []): LocaleString[] {
  if (path.length === 2 && path[0] === 'language' && path[1] === 'direction') return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => flattenStrings(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => flattenStrings(item, [...path, key]));
  }
  if (value === null || value === undefined || typeof value === 'string') {
    return [{ key: path.join('.'), path, value: value ?? null }];
  }
  return [{ key: path.join('.'), path, value: String(value) }];
}

export function isTranslated(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The strings that belong to something real: a text under cards.<id> counts only when that card
 * exists (texts of removed cards are reported once, on the source file, not again per language).
 */
export function stringsOfExistingCards(value: unknown, cardIds: ReadonlySet<string>): LocaleString[] {
  return flattenStrings(value).filter((entry) => entry.path[0] !== 'cards' || cardIds.has(String(entry.path[1])));
}

/** Sets the value at a key path, creating the maps and lists on the way that are not there yet. */
export function setAtPath(target: object, path: ReadonlyArray<string | number>, value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const [depth, segment] of path.slice(0, -1).entries()) {
    if (node[segment] === undefined || node[segment] === null) node[segment] = typeof path[depth + 1] === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  }
  node[path.at(-1)!] = value;
}
