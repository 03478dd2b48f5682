import { sha256 } from '../shared/hash.ts';

/** A short fingerprint of a source string: a translation made from other text is stale. */
export function sourceHash(text: string): string {
  return sha256(text.normalize('NFC')).slice(0, 12);
}
