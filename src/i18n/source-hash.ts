import { createHash } from 'node:crypto';

/** A short fingerprint of a source string: a translation made from other text is stale. */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 12);
}
