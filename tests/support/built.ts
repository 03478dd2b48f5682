import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildDecks } from '../../src/pipeline/build-decks.ts';
import { REPO } from './fixtures.ts';

let made: Promise<string> | undefined;

/**
 * The run's one build of the project's decks (every deck and language, with previews): read it,
 * never write into it. The first caller in the run builds it; later ones find it current.
 */
export function sharedBuild(): Promise<string> {
  const out = inject('sharedBuild');
  made ??= buildDecks({ root: REPO, out, waitSeconds: 900 }).then(() => out);
  return made;
}

/** A copy of the shared build that a test may change; `cleanup` removes it. */
export async function copySharedBuild(): Promise<{ out: string; cleanup: () => Promise<void> }> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-built-copy-'));
  const out = path.join(parent, 'dist');
  await cp(await sharedBuild(), out, { recursive: true });
  return { out, cleanup: () => rm(parent, { recursive: true, force: true }) };
}
