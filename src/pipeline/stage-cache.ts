import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../shared/hash.ts';

/** What a stage gives back: data for the stages after it, and named files (bytes). */
export interface StageOutput<T> {
  result: T;
  files: Record<string, Uint8Array>;
}

/** How often each stage ran, and how often its output was taken from the cache instead. */
export interface StageWork {
  done: Record<string, number>;
  reused: Record<string, number>;
}

/** Bump when what is cached changes shape, so an old entry is never read as new. */
const FORMAT = 1;

/** The key of a stage run: a hash of everything its output depends on (upstream keys stand for upstream content). */
export function stageKey(...inputs: unknown[]): string {
  return sha256(JSON.stringify([FORMAT, ...inputs]));
}

/**
 * Outputs of pipeline stages kept under dist/.cache/stages/, one entry per slot (deck, language,
 * stage and which one), keyed by the content of the stage's inputs: an unchanged input reuses the
 * bytes made last time, a changed one replaces its slot's entry. Entries are written beside and
 * renamed into place, so a killed build never leaves half an entry that a later build would trust.
 */
export class StageCache {
  readonly work: StageWork = { done: {}, reused: {} };
  private readonly written = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly enabled: boolean,
  ) {}

  async run<T>(stage: string, slot: string, key: string, produce: () => Promise<StageOutput<T>>): Promise<StageOutput<T>> {
    const prefix = `${stage}~${safe(slot)}~`;
    const entry = path.join(this.dir, `${prefix}${key}`);
    if (this.enabled) {
      const cached = await this.read<T>(entry);
      if (cached) {
        this.work.reused[stage] = (this.work.reused[stage] ?? 0) + 1;
        return cached;
      }
    }
    const output = await produce();
    this.work.done[stage] = (this.work.done[stage] ?? 0) + 1;
    await this.write(prefix, entry, output).catch(() => undefined);
    return output;
  }

  private async read<T>(entry: string): Promise<StageOutput<T> | undefined> {
    try {
      const { result, files } = JSON.parse(await readFile(path.join(entry, 'result.json'), 'utf8')) as { result: T; files: string[] };
      const contents = await Promise.all(files.map(async (name, i) => [name, new Uint8Array(await readFile(path.join(entry, String(i))))] as const));
      return { result, files: Object.fromEntries(contents) };
    } catch {
      return undefined;
    }
  }

  /** A cache that cannot be written (a full disk) costs speed next time, never the build. */
  private async write<T>(prefix: string, entry: string, output: StageOutput<T>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${entry}.tmp-${process.pid}`;
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary);
    const names = Object.keys(output.files);
    await Promise.all(names.map((name, i) => writeFile(path.join(temporary, String(i)), output.files[name]!)));
    await writeFile(path.join(temporary, 'result.json'), JSON.stringify({ result: output.result, files: names }));
    for (const old of (await readdir(this.dir)).filter((name) => name.startsWith(prefix) && !name.includes('.tmp-'))) {
      await rm(path.join(this.dir, old), { recursive: true, force: true });
    }
    await rename(temporary, entry);
    this.written.add(entry);
  }

  /** Removes every entry this build wrote: when its inputs changed while it ran, their keys may not match what they hold. */
  async forgetWritten(): Promise<void> {
    await Promise.all([...this.written].map((entry) => rm(entry, { recursive: true, force: true })));
    this.written.clear();
  }
}

function safe(slot: string): string {
  return slot.replace(/[^A-Za-z0-9._-]/g, '_');
}
