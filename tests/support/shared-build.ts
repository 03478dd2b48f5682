// One build of the project's own decks per test run, shared by every integration and e2e file
// that only reads what a build makes (`npx kaartenset build` with its defaults). The first file
// that asks makes it (tests/support/built.ts); files asking meanwhile wait on the output folder's
// lock and then find it current. A run of files that never ask builds nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { completedBuild } from '../../src/output/output-folder.ts';
import { exists } from '../../src/shared/file-exists.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedBuild: string;
  }
}

interface SharedFolder {
  out: string;
  users: number;
}

// The integration and e2e projects each run this setup; they share one folder.
const state = globalThis as typeof globalThis & { kaartensetSharedBuild?: Promise<SharedFolder> };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  state.kaartensetSharedBuild ??= mkdtemp(path.join(os.tmpdir(), 'kaartenset-shared-build-')).then((parent) => ({
    out: path.join(parent, 'dist'),
    users: 0,
  }));
  const shared = await state.kaartensetSharedBuild;
  shared.users += 1;
  project.provide('sharedBuild', shared.out);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    // Shared means read-only: a test that wrote into the build would change what the others read.
    const built = await exists(shared.out);
    const intact = built && (await completedBuild(shared.out)) !== undefined;
    await rm(path.dirname(shared.out), { recursive: true, force: true });
    if (built && !intact) throw new Error('a test changed the shared build: take a copy (copySharedBuild) before changing files');
  };
}
