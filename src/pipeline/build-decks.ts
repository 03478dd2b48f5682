import path from 'node:path';
import { buildInputs } from './build-inputs.ts';
import type { LanguageBuild } from './build-set.ts';
import { completedBuild } from './output-folder.ts';
import { readManifest } from './published.ts';
import type { StageWork } from './stage-cache.ts';

export type { LanguageBuild } from './build-set.ts';

export interface BuildOptions {
  root: string;
  out: string;
  decks?: string[];
  languages?: string[];
  previews?: boolean;
  /** Also write CMYK PDF/X versions of the press sheets (needs Ghostscript); `icc` is the shop's profile. */
  cmyk?: boolean;
  /** The shop's CMYK profile, for --cmyk and for vendors that take CMYK PDFs. */
  icc?: string;
  /** Print-on-demand vendor presets (templates/vendors/<id>.yaml) to make uploads for. */
  vendors?: string[];
  /** Build languages with missing strings, showing the source text there (listed in the manifest). */
  allowMissing?: boolean;
  /** Print every document again instead of reusing unchanged prints from dist/.cache. */
  force?: boolean;
  /** Faces per Chromium print: large decks print in chunks, so memory stays bounded and a crash costs one chunk. */
  chunkSize?: number;
  /** Deck x language sets built at once, as pages of one browser. */
  jobs?: number;
  /** Seconds to wait for another build writing into `out` before refusing (0: refuse at once). */
  waitSeconds?: number;
  log?: (line: string) => void;
}

export interface BuildSummary {
  out: string;
  builds: LanguageBuild[];
  warnings: string[];
  /** Chromium prints made, and prints reused from the cache because nothing in them changed. */
  prints: { printed: number; reused: number };
  /** Runs of each stage, and outputs taken from the cache instead. */
  stages: StageWork;
  /** Sets whose published folder was current and kept as it was. */
  unchanged: number;
}


/**
 * Loads, validates and builds decks x languages into `out`; all or nothing. When every input is as
 * it was for the last build that finished there, and every file it published is as it left it, the
 * build is done before a deck is read: the stages that would run are loaded only when needed.
 */
export async function buildDecks(options: BuildOptions): Promise<BuildSummary> {
  const inputs = await buildInputs(options);
  const current = inputs && !options.force ? await unchangedBuild(path.resolve(options.out), inputs, options.log ?? (() => undefined)) : undefined;
  if (current) return current;
  const { fullBuild } = await import('./full-build.ts');
  return fullBuild(options, inputs);
}

/** The summary of the last build into `out`, when it had these inputs and all it made is still there unchanged. */
async function unchangedBuild(out: string, inputs: string, log: (line: string) => void): Promise<BuildSummary | undefined> {
  const last = await completedBuild(out);
  if (last?.inputs !== inputs) return undefined;
  const builds: LanguageBuild[] = [];
  for (const set of last.sets) {
    // Every file of the set was compared with what the build wrote, manifest.json among them.
    const manifest = await readManifest(path.join(out, set.manifest));
    if (!manifest) return undefined;
    builds.push({ deck: manifest.deck, language: manifest.language, files: manifest.files.map((entry) => entry.file), shrunk: manifest.shrunkToFit });
  }
  for (const build of builds) log(`${build.deck} [${build.language}]: unchanged`);
  return { out, builds, warnings: last.warnings, prints: { printed: 0, reused: 0 }, stages: { done: {}, reused: {} }, unchanged: builds.length };
}
