import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../shared/file-exists.ts';

/** Deck folders: the ones named, or every folder under <root>/deck/ that has a deck.yaml. */
export async function findDeckDirs(root: string, named: string[] = []): Promise<string[]> {
  if (named.length > 0) {
    return Promise.all(
      named.map(async (name) => {
        const direct = path.resolve(name);
        if (await exists(path.join(direct, 'deck.yaml'))) return direct;
        const underDeck = path.join(root, 'deck', name);
        if (await exists(path.join(underDeck, 'deck.yaml'))) return underDeck;
        return direct;
      }),
    );
  }
  const deckRoot = path.join(root, 'deck');
  const entries = await readdir(deckRoot, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(deckRoot, entry.name));
  const withDeck = await Promise.all(dirs.map(async (dir) => ((await exists(path.join(dir, 'deck.yaml'))) ? dir : undefined)));
  return withDeck.filter((dir): dir is string => dir !== undefined).sort();
}
