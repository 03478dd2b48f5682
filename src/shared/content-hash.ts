import { sha256 } from './hash.ts';

const known = new WeakMap<Uint8Array, string>();

/**
 * The sha256 of bytes a build made or read, taken once however many keys, readings, manifests and
 * records name them: by the array, which nothing changes once it holds a file.
 */
export function contentHash(bytes: Uint8Array): string {
  let hash = known.get(bytes);
  if (hash === undefined) known.set(bytes, (hash = sha256(bytes)));
  return hash;
}
