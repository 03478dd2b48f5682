import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'tests', 'fixtures');

/** A throw-away copy of a fixture deck, with the files of an invalid case laid over it. */
export async function deckCopy(base: string, overlay?: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-test-'));
  const dir = path.join(root, path.basename(base));
  await cp(path.join(FIXTURES, 'decks', base), dir, { recursive: true });
  if (overlay) {
    await cp(overlay, dir, { recursive: true, filter: (source) => path.basename(source) !== 'expected.txt' });
  }
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
