import { formatProblemLine, type Problem } from '../shared/errors.ts';
import type { StageWork } from '../shared/stage-store.ts';
import type { StageTime } from '../shared/stage-timing.ts';

/** A warning as the build's summary lists it: its line, without the "warning:" the CLI puts before it. */
export function warningText(problem: Problem): string {
  return formatProblemLine({ ...problem, severity: 'error' });
}

/** What a build is asked to do, and what it reports: the types the CLI, the library API and the stages share. */
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
  /** Build languages with unfinished or stale translations, printing them as they are (listed in the manifest, log and preflight.txt). */
  allowUnfinished?: boolean;
  /** Print every document again instead of reusing unchanged prints from the stage store beside the output folder. */
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
  /** The warnings as lines for people, without the "warning:" the CLI puts before each. */
  warnings: string[];
  /** The same warnings as problems (each of severity "warning"). */
  problems: Problem[];
  /** Chromium prints made, and prints reused from the cache because nothing in them changed. */
  prints: { printed: number; reused: number };
  /** Runs of each stage, and outputs taken from the cache instead. */
  stages: StageWork;
  /** Where the time went, stage by stage (nested stages are counted in their own row and in the one around them). */
  profile: StageTime[];
  /** Sets whose published folder was current and kept as it was. */
  unchanged: number;
}

export interface LanguageBuild {
  deck: string;
  language: string;
  files: string[];
  shrunk: Array<{ face: string; scale: number }>;
}
