import path from 'node:path';
import { buildInputs } from './build-inputs.ts';
import { warningText, type BuildOptions, type BuildSummary, type LanguageBuild } from './build-options.ts';
import { completedBuild } from '../output/output-folder.ts';
import { readManifest } from '../output/published.ts';

/**
 * Loads, validates and builds decks x languages into `out`; all or nothing. When every input is as
 * it was for the last build that finished there, and every file it published is as it left it, the
 * build is done before a deck is read: the stages that would run are loaded only when needed.
 */
export async function buildDecks(options: BuildOptions): Promise<BuildSummary> {
  const inputs = await buildInputs(options);
  const current =
    inputs && !options.force ? await unchangedBuild(path.resolve(options.out), inputs.hash, options.log ?? (() => undefined)) : undefined;
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
    builds.push({
      deck: manifest.deck,
      language: manifest.language,
      files: manifest.files.map((entry) => entry.file),
      shrunk: manifest.shrunkToFit,
    });
  }
  for (const build of builds) log(`${build.deck} [${build.language}]: unchanged`);
  const problems = last.problems ?? [];
  return {
    out,
    builds,
    warnings: problems.map(warningText),
    problems,
    prints: { printed: 0, reused: 0 },
    stages: { done: {}, reused: {} },
    profile: [],
    unchanged: builds.length,
  };
}
