import path from 'node:path';
import { folderHash } from './hash.ts';

const SOURCE = path.resolve(import.meta.dirname, '..');
const hashes = new Map<string, Promise<string>>();

/**
 * A hash of the program's own files, all of them or those of one folder of src/ (`print`): what
 * a cached output was made by. Hashed once per process: the code that runs does not change while
 * it runs.
 */
export function codeVersion(folder = ''): Promise<string> {
  let hash = hashes.get(folder);
  if (!hash) hashes.set(folder, (hash = folderHash(path.join(SOURCE, folder))));
  return hash;
}
