import { randomBytes } from 'node:crypto';
import { constants, readdirSync, rmSync } from 'node:fs';
import { access, mkdir, readdir, readFile, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../shared/file-exists.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { sha256 } from '../shared/hash.ts';
import { BuildError, EnvironmentError, ProblemError, type Problem } from '../shared/errors.ts';
import { explainFsError } from '../shared/fs-errors.ts';
import { onInterrupt } from '../shared/interrupts.ts';
import { isProcessRunning, processStartTime } from '../shared/processes.ts';

/** Written by the build into every output folder: what it wrote there, so it never touches anything else. */
export const MARKER = '.kaartenset-output.json';
const LOCK = '.kaartenset-lock';
const STAGING_PREFIX = '.staging-';

/**
 * The stage store of an output folder: beside it (`.dist.kaartenset-cache` for `dist`), never in
 * it, so the folder people copy (a school's USB stick, a web host) holds only what was published.
 */
export function storeFolder(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.kaartenset-cache`);
}

interface Marker {
  kaartenset: 1;
  /**
   * Each deck/language folder as last written: its files (relative to it), their hashes, a hash of
   * its inputs, and the entries of the stage store (beside the folder, `storeFolder`) it was made from.
   */
  sets: Record<string, { files: string[]; hashes?: Record<string, string>; inputs: string; made?: string[] }>;
  /** Other files the build wrote at the top (index.html). */
  files: string[];
  /** The last build that ended here, while nothing it published has been replaced since. */
  completed?: CompletedBuild;
  /** Staging folders a build made here and has not removed yet: a killed build's are removed by the next, and nothing else so named. */
  staging?: string[];
}

/** What a finished build leaves for the next one to see, without reading a deck, that nothing changed. */
export interface CompletedBuild {
  /** The hash of every input of the build and its options (`pipeline/build-inputs.ts`). */
  inputs: string;
  /** Each set it built, with its manifest (relative to the output folder). */
  sets: Array<{ deck: string; language: string; manifest: string }>;
  /** The top-level files (index.html) by their hash. */
  files: Record<string, string>;
  /** The build's warnings. */
  problems: Problem[];
}

export interface OutputClaim {
  out: string;
  /** Folders an output must never be inside or equal: deck/, templates/, pictos/, src/ and each deck's folder. */
  sources: string[];
  /** The deck/language folders this build is about to replace. */
  sets: Array<{ deck: string; language: string }>;
  /** How long to wait for another build that holds `out` before refusing; 0 refuses at once. */
  waitMs?: number;
  /** Told once when the build starts waiting. */
  onWait?: (message: string) => void;
}

/**
 * An output folder held by one build: a marker says which files are the build's, a lock keeps a
 * second build out, and every deck x language set is written beside the old one in a staging folder
 * and moved into place in one rename, so the old set stays whole until the new one is complete.
 * Only the sets being built are replaced; nothing the build did not write is ever deleted.
 */
export class OutputFolder {
  private readonly releaseOnInterrupt: () => void;

  private constructor(
    readonly out: string,
    readonly staging: string,
    private marker: Marker,
    private readonly created: boolean,
  ) {
    const lock = path.join(out, LOCK);
    this.releaseOnInterrupt = onInterrupt(() => {
      rmSync(staging, { recursive: true, force: true });
      rmSync(lock, { force: true });
      this.removeIfNothingPublished();
    });
  }

  /** Checks, locks and prepares `out`; throws with a message for people when it is not the build's to use. */
  static async claim(claim: OutputClaim): Promise<OutputFolder> {
    const out = path.resolve(claim.out);
    refuseSourceFolders(out, claim.sources);
    try {
      // A link (the folder itself or a folder above it) may lead into the sources: judged where it leads.
      const real = await throughLinks(out);
      if (real !== out) refuseSourceFolders(real, await Promise.all(claim.sources.map(throughLinks)), out);
      const info = await stat(out).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      const created = !info;
      // A link to a place that is not there (a drive not mounted): the folder cannot be made through it.
      const link = created ? await readlink(out).catch(() => undefined) : undefined;
      if (link !== undefined)
        throw new EnvironmentError(
          `--out ${out} is a link to ${path.resolve(path.dirname(out), link)}, which does not exist (is a drive not mounted?); make it there, or choose another --out`,
          { code: 'output-folder' },
        );
      if (info && !info.isDirectory())
        throw new EnvironmentError(`--out ${out} is a file, not a folder; choose a folder such as dist`, { code: 'output-folder' });
      // A read-only or forbidden place is named as such (mkdir alone may only say ENOENT).
      await access(await nearestExisting(out), constants.W_OK);
      // A folder made here and left by Ctrl-C before the lock is taken goes too.
      const uncreate = created ? onInterrupt(() => removeIfUnused(out)) : () => undefined;
      try {
        await mkdir(out, { recursive: true });
        await takeLock(out, claim.waitMs ?? 0, claim.onWait);
      } finally {
        uncreate();
      }
      // Ctrl-C from here on (Chromium may already be starting) releases the lock and the staging
      // folder, once the step in flight has finished and what it made is known.
      let staging: string | undefined;
      let step: Promise<unknown> = Promise.resolve();
      const track = <T>(work: Promise<T>): Promise<T> => (step = work);
      const releaseClaim = onInterrupt(async () => {
        await step.catch(() => undefined);
        if (staging) rmSync(staging, { recursive: true, force: true });
        rmSync(path.join(out, LOCK), { force: true });
        if (created) removeIfUnused(out);
      });
      try {
        const marker = await track(readMarker(out));
        await track(forgetRemovedSets(out, marker));
        await track(clearLeftovers(out, marker));
        await track(refuseForeignFiles(out, marker, claim.sets));
        // Recorded before it is made: a build killed at any moment after leaves a folder the next one knows as its own.
        const name = `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`;
        marker.staging = [name];
        await track(writeMarker(out, marker));
        staging = path.join(out, name);
        await track(mkdir(staging));
        return new OutputFolder(out, staging, marker, created);
      } catch (error) {
        await rm(path.join(out, LOCK), { force: true });
        throw error;
      } finally {
        releaseClaim();
      }
    } catch (error) {
      throw explainFsError(error, out);
    }
  }

  /** Where the set is written before it replaces its published folder. */
  stagedSet(deck: string, language: string): string {
    return path.join(this.staging, 'sets', deck, language);
  }

  /** Scratch space that is never published. */
  work(...parts: string[]): string {
    return path.join(this.staging, 'work', ...parts);
  }

  cache(...parts: string[]): string {
    return path.join(storeFolder(this.out), ...parts);
  }

  /** The inputs hash of the published set, while all its files are there as written. */
  publishedInputs(deck: string, language: string): string | undefined {
    return this.marker.sets[`${deck}/${language}`]?.inputs;
  }

  /** The store entries every published set was made from: what the store keeps. */
  madeFrom(): Set<string> {
    return new Set(Object.values(this.marker.sets).flatMap((set) => set.made ?? []));
  }

  /**
   * Replaces the published deck/language folder by its staged version; the old one moves aside
   * whole. `files`: each file the build wrote into the staged folder, with its content hash.
   */
  async publishSet(deck: string, language: string, set: { inputs: string; files: Record<string, string>; made: string[] }): Promise<void> {
    const target = path.join(this.out, deck, language);
    const staged = this.stagedSet(deck, language);
    const files = await listFiles(staged);
    if (files.join('\n') !== Object.keys(set.files).sort().join('\n'))
      throw new Error(`${staged} holds ${files.join(', ')}; the build wrote ${Object.keys(set.files).sort().join(', ')}`);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      const aside = path.join(this.staging, 'replaced', deck, language);
      const hadOld = await exists(target);
      if (hadOld) {
        await mkdir(path.dirname(aside), { recursive: true });
        await rename(target, aside);
      }
      try {
        await rename(staged, target);
      } catch (error) {
        if (hadOld) await rename(aside, target);
        throw error;
      }
      this.marker.sets[`${deck}/${language}`] = { files, hashes: set.files, inputs: set.inputs, made: set.made };
      // What the last finished build made is no longer all there: only a build that finishes says so again.
      delete this.marker.completed;
      await this.saveMarker();
    } catch (error) {
      throw explainFsError(error, target);
    }
  }

  /**
   * Publishes each set in turn. When one cannot be published, the error says which sets this
   * build has replaced and which are still as before: never that the output is unchanged when
   * part of it is new.
   */
  async publishSets(
    sets: Array<{ deck: string; language: string; inputs: string; files: Record<string, string>; made: string[] }>,
  ): Promise<void> {
    const replaced: string[] = [];
    for (const [index, set] of sets.entries()) {
      try {
        await this.publishSet(set.deck, set.language, set);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        const old = sets.slice(index).map((each) => `${each.deck}/${each.language}`);
        const said = error.message.replace(/ \(the previous output is unchanged\)$/, '');
        throw new EnvironmentError(
          replaced.length === 0
            ? `${said} (the previous output is unchanged)`
            : `${said}; in ${this.out} this build replaced ${replaced.join(', ')}, while ${old.join(', ')} ${old.length === 1 ? 'is' : 'are'} still as before`,
          { code: error.problems[0]?.code ?? 'output-folder' },
        );
      }
      replaced.push(`${set.deck}/${set.language}`);
    }
  }

  /** Records a top-level file the build wrote itself (index.html, written in one step). */
  async record(name: string): Promise<void> {
    if (!this.marker.files.includes(name)) this.marker.files.push(name);
    await this.saveMarker();
  }

  /** Records a build that finished, with the hashes of the top-level `files` it wrote: the next one with the same inputs has nothing to do. */
  async recordCompleted(build: Omit<CompletedBuild, 'files'> & { files: string[] }): Promise<void> {
    this.marker.completed = { ...build, files: await hashFiles(this.out, build.files) };
    await this.saveMarker();
  }

  /** Removes the staging folder (and the replaced sets in it) and the lock; an interrupt meanwhile still removes them before the process exits. */
  async release(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true, maxRetries: 3 });
    delete this.marker.staging;
    await this.saveMarker().catch(() => undefined);
    await rm(path.join(this.out, LOCK), { force: true });
    this.removeIfNothingPublished(true);
    this.releaseOnInterrupt();
  }

  /** A folder this build made, left (Ctrl-C, a failure) before anything was published in it, goes. */
  private removeIfNothingPublished(withCache = false): void {
    if (this.created && Object.keys(this.marker.sets).length === 0 && this.marker.files.length === 0) removeIfUnused(this.out, withCache);
  }

  private async saveMarker(): Promise<void> {
    await writeMarker(this.out, this.marker);
  }
}

/**
 * The last build that finished in `out`, when the folder is at rest: no other build holds it, no
 * killed build left anything to clear, and each file it wrote (its sets', index.html) is there as
 * it wrote it. Reads only; the folder is not claimed.
 */
export async function completedBuild(out: string): Promise<CompletedBuild | undefined> {
  const names = await readdir(out).catch(() => [] as string[]);
  if (names.includes(LOCK)) return undefined;
  let marker: Marker;
  try {
    marker = JSON.parse(await readFile(path.join(out, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
  if ((await leftovers(out, marker)).length > 0) return undefined;
  const completed = marker.completed;
  if (!completed) return undefined;
  const top = Object.keys(completed.files);
  const hashes = await hashFiles(out, top).catch(() => undefined);
  if (!hashes || top.some((file) => hashes[file] !== completed.files[file])) return undefined;
  for (const { deck, language } of completed.sets) {
    if (!(await setIntact(path.join(out, deck, language), marker.sets[`${deck}/${language}`]))) return undefined;
  }
  // The index page lists every set in the folder, those of other builds too: one removed by hand takes its links with it.
  for (const set of Object.keys(marker.sets)) {
    if (!(await exists(path.join(out, set, 'manifest.json')))) return undefined;
  }
  return completed;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `given`: the --out as written, when `out` is where its links lead. */
function refuseSourceFolders(out: string, sources: string[], given?: string): void {
  const source = sources.find((folder) => isInside(out, path.resolve(folder)));
  if (source) {
    const where = given === undefined ? `--out ${out} is` : `--out ${given} leads through a link to ${out},`;
    throw new BuildError(
      `${where} inside ${source}, which holds the project's sources; the build would write into them. Choose a folder of its own, such as dist`,
      { code: 'output-folder' },
    );
  }
}

/** Where `file` is once every link on its way is followed: the nearest folder that exists, resolved, and the rest of the path. */
async function throughLinks(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const existing = await nearestExisting(resolved);
  const real = await realpath(existing).catch(() => existing);
  return path.join(real, path.relative(existing, resolved));
}

/**
 * One build per output folder: a second one waits up to `waitMs` for the first to finish (polling,
 * so Ctrl-C ends the wait at once), else is refused; a dead build's lock is taken over.
 */
async function takeLock(out: string, waitMs: number, onWait?: (message: string) => void): Promise<void> {
  const lock = path.join(out, LOCK);
  const deadline = Date.now() + waitMs;
  let takeovers = 0;
  let waiting = false;
  for (;;) {
    try {
      const started = await processStartTime(process.pid);
      await writeFile(lock, started === undefined ? `${process.pid}\n` : `${process.pid} ${started}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [ownerText, startedText] = (await readFile(lock, 'utf8').catch(() => '')).trim().split(/\s+/);
    const owner = Number(ownerText);
    if (Number.isInteger(owner) && owner > 0 && (await isLockOwnerRunning(owner, startedText))) {
      if (Date.now() >= deadline) {
        throw new BuildError(
          waitMs > 0
            ? `another kaartenset build (process ${owner}) was still writing into ${out} after ${Math.round(waitMs / 1000)} s; try again later, or build into another --out`
            : `another kaartenset build (process ${owner}) is writing into ${out}; wait for it to finish (or add --wait), or build into another --out`,
          { code: 'output-folder' },
        );
      }
      if (!waiting)
        onWait?.(
          `waiting for another kaartenset build (process ${owner}) to finish writing into ${out} (at most ${Math.round(waitMs / 1000)} s; Ctrl-C stops)`,
        );
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      continue;
    }
    if (++takeovers > 2)
      throw new BuildError(`could not lock ${out}: another build keeps taking it; build into another --out`, { code: 'output-folder' });
    await rm(lock, { force: true });
  }
}

const LOCK_POLL_MS = 250;

/**
 * Whether the build that wrote a lock still runs: its process id runs, and (where the system says
 * when a process started) it is the same process, not a later one that was given the same id.
 */
async function isLockOwnerRunning(pid: number, started: string | undefined): Promise<boolean> {
  if (!isProcessRunning(pid)) return false;
  if (!started) return true;
  const now = await processStartTime(pid);
  return now === undefined || now === started;
}

async function readMarker(out: string): Promise<Marker> {
  const text = await readFile(path.join(out, MARKER), 'utf8').catch(() => undefined);
  if (text !== undefined) {
    try {
      const marker = JSON.parse(text) as Marker;
      if (marker.kaartenset === 1 && typeof marker.sets === 'object' && Array.isArray(marker.files)) return marker;
    } catch {
      // A damaged marker proves nothing: the folder is judged by what is in it, below.
    }
  }
  const entries = (await readdir(out)).filter((name) => name !== LOCK);
  if (text !== undefined) {
    throw new BuildError(
      `--out ${out}: the build's record of what it wrote there (${MARKER}) is damaged, so nothing in the folder can be told to be the build's; remove the folder (or that file, if the folder holds only what kaartenset made) and build again`,
      { code: 'output-folder' },
    );
  }
  if (entries.length > 0) {
    throw new BuildError(
      `--out ${out} holds files kaartenset did not write (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}); the build never replaces those. Build into an empty or new folder, such as dist`,
      { code: 'output-folder' },
    );
  }
  const fresh: Marker = { kaartenset: 1, sets: {}, files: [] };
  // Marked at once, so the leftovers of a first build that is killed are still known as the build's.
  await writeFileAtomic(path.join(out, MARKER), `${JSON.stringify(fresh, null, 2)}\n`);
  return fresh;
}

/**
 * Removes `out` when it holds nothing but what the build itself keeps there: its marker, lock and
 * staging folders; and with it the stage store beside it when `withCache` (once no stage can still
 * be writing into it; an interrupt runs while they may, so there the store stays for the next build).
 */
function removeIfUnused(out: string, withCache = false): void {
  const ours = (name: string) => name === MARKER || name === LOCK || name.startsWith(STAGING_PREFIX);
  try {
    if (!readdirSync(out).every(ours)) return;
    rmSync(out, { recursive: true, force: true });
    if (withCache) rmSync(storeFolder(out), { recursive: true, force: true });
  } catch {
    // Gone already, or no longer readable: there is nothing of this build's to remove.
  }
}

async function nearestExisting(file: string): Promise<string> {
  for (let dir = file; ; dir = path.dirname(dir)) {
    if (await exists(dir)) return dir;
    if (path.dirname(dir) === dir) return dir;
  }
}

/** Sets whose folder was removed by hand are no longer the build's: the index page and the next no-op build forget them. */
async function forgetRemovedSets(out: string, marker: Marker): Promise<void> {
  for (const set of Object.keys(marker.sets)) {
    if (!(await exists(path.join(out, set, 'manifest.json')))) delete marker.sets[set];
  }
}

/** Staging folders and half-written files and store entries of a run that was killed before it could clean up. */
async function clearLeftovers(out: string, marker: Marker): Promise<void> {
  for (const leftover of await leftovers(out, marker)) await rm(leftover, { recursive: true, force: true });
  delete marker.staging;
}

async function writeMarker(out: string, marker: Marker): Promise<void> {
  await writeFileAtomic(path.join(out, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * What a killed build left: the staging folders the marker records, and the temporary files
 * (`<file>.tmp-<pid>-<8 hex>`, as writeFileAtomic and the stage store name them) of a process no
 * longer running, beside a file the build writes at the top (its marker, its pages) or anywhere
 * in its stage store (beside the folder, `storeFolder`). A user's file that only looks like one (`.staging-notes`, `x.tmp-123-ab`) stays.
 */
async function leftovers(out: string, marker: Marker): Promise<string[]> {
  const top = new Set([MARKER, ...marker.files]);
  const tops = (await readdir(out).catch(() => [] as string[])).filter((name) => isTemporaryOf(name, (base) => top.has(base)));
  const store = storeFolder(out);
  const cached = (await readdir(store).catch(() => [] as string[])).filter((name) => isTemporaryOf(name, () => true));
  const recorded = (marker.staging ?? []).filter((name) => name.startsWith(STAGING_PREFIX) && !name.includes('/'));
  const staged = (await Promise.all(recorded.map(async (name) => ((await exists(path.join(out, name))) ? [name] : [])))).flat();
  return [...staged, ...tops].map((name) => path.join(out, name)).concat(cached.map((name) => path.join(store, name)));
}

function isTemporaryOf(name: string, ours: (base: string) => boolean): boolean {
  const match = /^(.+)\.tmp-(\d+)-[0-9a-f]{8}$/.exec(name);
  return match !== null && ours(match[1]!) && !isProcessRunning(Number(match[2]));
}

/** A file inside a set folder that the build did not write would be lost when the set is replaced. */
async function refuseForeignFiles(out: string, marker: Marker, sets: OutputClaim['sets']): Promise<void> {
  for (const { deck, language } of sets) {
    const folder = path.join(out, deck, language);
    if (!(await exists(folder))) continue;
    const ours = new Set(marker.sets[`${deck}/${language}`]?.files ?? []);
    const present = await listFiles(folder);
    const foreign = present.filter((file) => !ours.has(file));
    if (foreign.length > 0) {
      throw new BuildError(
        `${folder} holds files kaartenset did not write (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); rebuilding would replace the folder. Move them elsewhere and build again`,
        { code: 'output-folder' },
      );
    }
    // A set missing one of its files, or with one changed in place, is not current, whatever its inputs: it is made again.
    if (!(await setIntact(folder, marker.sets[`${deck}/${language}`]))) delete marker.sets[`${deck}/${language}`];
  }
}

/** Whether a set folder holds exactly the files the build wrote there, each with the bytes it wrote. */
async function setIntact(folder: string, written: Marker['sets'][string] | undefined): Promise<boolean> {
  if (!written?.hashes) return false;
  const present = await listFiles(folder).catch(() => undefined);
  if (present?.join('\n') !== [...written.files].sort().join('\n')) return false;
  const hashes = await hashFiles(folder, present);
  return present.every((file) => hashes[file] === written.hashes![file]);
}

async function hashFiles(dir: string, files: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, sha256(await readFile(path.join(dir, file)))] as const)));
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else files.push(relative);
  }
  return files.sort();
}
