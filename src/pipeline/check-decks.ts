import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { loadDeck, projectPaths, type LoadResult } from '../deck/load-deck.ts';

export interface CheckedDeck extends LoadResult {
  dir: string;
}

/** Validates decks (all under deck/ when none are named) without building anything. */
export async function checkDecks(root: string, decks: string[] = []): Promise<CheckedDeck[]> {
  const project = projectPaths(path.resolve(root));
  const dirs = await findDeckDirs(project.root, decks);
  return Promise.all(dirs.map(async (dir) => ({ dir, ...(await loadDeck(dir, project)) })));
}
