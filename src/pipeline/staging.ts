import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Output is written into a hidden staging folder inside the output folder and moved into place
 * only when everything succeeded: a failed build never leaves half a dist.
 */
export class Staging {
  private constructor(
    readonly out: string,
    readonly dir: string,
  ) {}

  static async open(out: string): Promise<Staging> {
    await mkdir(out, { recursive: true });
    return new Staging(out, await mkdtemp(path.join(out, '.staging-')));
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Replaces each named top-level entry of the output with its staged version. */
  async commit(entries: string[]): Promise<void> {
    for (const entry of entries) {
      const target = path.join(this.out, entry);
      await rm(target, { recursive: true, force: true });
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(this.dir, entry), target);
    }
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
