import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onInterrupt } from './interrupts.ts';

export interface TempFolder {
  dir: string;
  remove: () => Promise<void>;
}

/**
 * A fresh folder in the system's temporary folder, removed by `remove()` or, before then, by an
 * interrupt. Made at once (one system call): a program to run in it starts before the caller's
 * next synchronous work, not after whatever else the event loop runs meanwhile.
 */
export function tempFolder(prefix: string): TempFolder {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const forget = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    remove: async () => {
      await rm(dir, { recursive: true, force: true });
      forget();
    },
  };
}

/** Runs `work` in a fresh temporary folder, removed afterwards, whether it succeeded, failed or was interrupted. */
export async function withTempFolder<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const folder = tempFolder(prefix);
  try {
    return await work(folder.dir);
  } finally {
    await folder.remove();
  }
}
