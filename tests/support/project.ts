import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, REPO } from './fixtures.ts';

export interface TempProject {
  root: string;
  out: string;
  file: (...parts: string[]) => string;
  edit: (relative: string, change: (text: string) => string) => Promise<void>;
  cleanup: () => Promise<void>;
}

/**
 * A throw-away project: the real templates and pictos, and the named decks (fixture decks by
 * name, or real ones as `real:swan`), so a test can change any input without touching the repo.
 */
export async function tempProject(decks: string[]): Promise<TempProject> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-project-'));
  await cp(path.join(REPO, 'templates'), path.join(root, 'templates'), { recursive: true });
  await cp(path.join(REPO, 'pictos'), path.join(root, 'pictos'), { recursive: true });
  for (const deck of decks) {
    const [source, name] = deck.startsWith('real:')
      ? [path.join(REPO, 'deck', deck.slice(5)), deck.slice(5)]
      : [path.join(FIXTURES, 'decks', deck), deck];
    await cp(source, path.join(root, 'deck', name), { recursive: true });
  }
  const file = (...parts: string[]) => path.join(root, ...parts);
  return {
    root,
    out: file('dist'),
    file,
    edit: async (relative, change) => {
      const before = await readFile(file(relative), 'utf8');
      const after = change(before);
      // An edit that finds nothing to change would leave a test checking the unchanged project.
      if (after === before) throw new Error(`the edit of ${relative} changed nothing: its text is no longer what the test expects`);
      await writeFile(file(relative), after);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
