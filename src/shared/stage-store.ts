import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './hash.ts';
import { StageClock } from './stage-timing.ts';
import { readBytes } from './read-bytes.ts';

/** What a stage gives back: data for the stages after it, and named files (bytes). */
export interface StageOutput<T> {
  result: T;
  files: Record<string, Uint8Array>;
}

/** How often each stage ran, and how often its output was taken from the store instead. */
export interface StageWork {
  done: Record<string, number>;
  reused: Record<string, number>;
}

/** Bump when what is kept changes shape, so an old entry is never read as new. */
const FORMAT = 2;

/**
 * The key of a stage run: the stage, a hash of the code it runs, and everything else its output
 * depends on (the keys of the stages before it stand for their outputs).
 */
export function stageKey(stage: string, code: string, ...inputs: unknown[]): string {
  return sha256(JSON.stringify([FORMAT, stage, code, ...inputs]));
}

interface Entry<T> {
  output: StageOutput<T>;
  /** The entries it was made from (the prints of faces): kept as long as it is. */
  uses: string[];
}

interface Shared {
  dir: string;
  /** False for --force: every stage runs again, and what it makes replaces what was kept. */
  reuse: boolean;
  work: StageWork;
  /** Entries written by this build, which it may read back even when it reuses nothing. */
  written: Set<string>;
  /** Runs under way, so a key asked for twice at once is made once. */
  running: Map<string, Promise<Entry<unknown>>>;
  clock: StageClock;
}

/**
 * Stage outputs kept between builds beside --out (`.dist.kaartenset-cache/` for `dist`, so the folder
 * people copy holds no cache), one folder per run, named by its stage and
 * key: an output whose inputs and code are unchanged is read instead of made. Chromium's prints are
 * a stage like any other. An entry is written beside its place and renamed into it, so a killed
 * build never leaves half an entry that a later build would trust (its `.tmp-` leftovers are the
 * output folder's to clear). A view (`view()`) is the same store noting which entries it used:
 * the entries one set, or one entry, was made from. When a build finishes, `sweep` removes every
 * entry that no published set was made from.
 */
export class StageStore {
  /** The entries this view ran or read, with those they were made from. */
  readonly used = new Set<string>();

  private constructor(
    private readonly shared: Shared,
    private readonly parent?: StageStore,
  ) {}

  static open(dir: string, options: { reuse: boolean; clock?: StageClock }): StageStore {
    return new StageStore({
      dir,
      reuse: options.reuse,
      work: { done: {}, reused: {} },
      written: new Set(),
      running: new Map(),
      clock: options.clock ?? new StageClock(),
    });
  }

  get work(): StageWork {
    return this.shared.work;
  }

  /** Where this build's time went, stage by stage: what each stage's `produce` and each `time` took. */
  get clock(): StageClock {
    return this.shared.clock;
  }

  /** The same store, noting what is used through it here and in every view it came from. */
  view(): StageStore {
    return new StageStore(this.shared, this);
  }

  /**
   * The output of `stage` for `key`: kept, or made by `produce` and kept. What `produce` runs
   * through the view it is given (a print) is kept with it. `kind` names what it made among the
   * outputs of the same stage, for the build's profile.
   */
  async run<T>(
    stage: string,
    key: string,
    produce: (store: StageStore) => Promise<StageOutput<T>>,
    kind?: string,
  ): Promise<StageOutput<T>> {
    const name = `${stage}-${key}`;
    const { shared } = this;
    let entry = shared.running.get(name) as Promise<Entry<T>> | undefined;
    let counted = false;
    if (!entry) {
      entry = (async () => {
        const kept = shared.reuse || shared.written.has(name) ? await this.read<T>(name) : undefined;
        if (kept) return kept;
        const inner = this.view();
        const output = await shared.clock.time(kind ? `${stage}: ${kind}` : stage, () => produce(inner));
        counted = true;
        shared.work.done[stage] = (shared.work.done[stage] ?? 0) + 1;
        const made = { output, uses: [...inner.used] };
        await this.write(name, made).catch(() => undefined);
        return made;
      })();
      shared.running.set(name, entry);
      entry.then(
        () => shared.running.delete(name),
        () => shared.running.delete(name),
      );
    }
    const { output, uses } = await entry;
    if (!counted) shared.work.reused[stage] = (shared.work.reused[stage] ?? 0) + 1;
    for (const used of [name, ...uses]) this.note(used);
    return output;
  }

  /** Removes every entry (and anything else under the store's folder) but those used in this build and those in `keep`. */
  async sweep(keep: Iterable<string>): Promise<void> {
    const kept = new Set([...this.root().used, ...keep]);
    const names = await readdir(this.shared.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => !kept.has(name)).map((name) => rm(path.join(this.shared.dir, name), { recursive: true, force: true })),
    );
  }

  /** Removes every entry this build wrote: when its inputs changed while it ran, their keys may not match what they hold. */
  async forgetWritten(): Promise<void> {
    await Promise.all([...this.shared.written].map((name) => rm(path.join(this.shared.dir, name), { recursive: true, force: true })));
    this.shared.written.clear();
  }

  private note(name: string): void {
    for (let view: StageStore | undefined = this; view; view = view.parent) view.used.add(name);
  }

  private root(): StageStore {
    let view: StageStore = this;
    while (view.parent) view = view.parent;
    return view;
  }

  private async read<T>(name: string): Promise<Entry<T> | undefined> {
    const entry = path.join(this.shared.dir, name);
    try {
      const { result, files, uses } = JSON.parse(await readFile(path.join(entry, 'result.json'), 'utf8')) as {
        result: T;
        files: string[];
        uses: string[];
      };
      const contents = await Promise.all(files.map(async (file, i) => [file, await readBytes(path.join(entry, String(i)))] as const));
      return { output: { result, files: Object.fromEntries(contents) }, uses };
    } catch {
      return undefined;
    }
  }

  /** A store that cannot be written (a full disk) costs speed next time, never the build. */
  private async write<T>(name: string, { output, uses }: Entry<T>): Promise<void> {
    const entry = path.join(this.shared.dir, name);
    // Named as writeFileAtomic names its temporary files, so the output folder knows it for a leftover.
    const temporary = `${entry}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(temporary, { recursive: true });
      const files = Object.keys(output.files);
      await Promise.all(files.map((file, i) => writeFile(path.join(temporary, String(i)), output.files[file]!)));
      await writeFile(path.join(temporary, 'result.json'), JSON.stringify({ result: output.result, files, uses }));
      // With --force an entry of the same key may be there: the new one replaces it.
      await rm(entry, { recursive: true, force: true });
      await rename(temporary, entry);
      this.shared.written.add(name);
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  }
}
