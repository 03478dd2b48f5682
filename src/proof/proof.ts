import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { shopFilePrefix } from '../output/manifest.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UsageError, type Problem } from '../shared/errors.ts';
import { compareBuilds, publishedSets, type BuildSide, type Comparison, type SetChange } from './compare.ts';
import { buildRevision, resolveRevision } from './revision.ts';

export interface ProofOptions {
  /** The project: where a revision is built from, and whose locales name the fields. */
  root: string;
  /** The build being proofed (the "after"). */
  out: string;
  /** An earlier build's output folder, or a git revision to build. */
  against: string;
  /** Where proof/index.html, the PDFs and proof.json go. */
  proofDir: string;
  /** Only the PDF of the changed cards (per deck and language), for a partial reprint. */
  changedOnly?: boolean;
  log?: (line: string) => void;
}

export interface ProofResult {
  comparison: Comparison;
  /** The files written, absolute. */
  files: string[];
}

/** The PDFs of each deck and language, under --proof-dir/<deck>/<language>/. */
const PROOF_PDF = 'proof.pdf';
/** The reprint goes to a print shop: named by deck and language like every file a shop receives. */
const changedCardsFile = (set: SetChange) => `${shopFilePrefix(set.deck, set.language)}changed-cards.pdf`;

const usage = (code: string, message: string, hint?: string): UsageError =>
  new UsageError([{ code, severity: 'error', message, ...(hint ? { hint } : {}) } satisfies Problem]);

async function isFolder(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Proofs the build in `out` against an earlier one: compares them face by face and writes the
 * proof documents. A revision is built first, from a temporary worktree removed afterwards.
 */
export async function runProof(options: ProofOptions): Promise<ProofResult> {
  const log = options.log ?? (() => undefined);
  const out = path.resolve(options.out);
  const proofDir = path.resolve(options.proofDir);
  const after = await publishedSets(out);
  if (after.size === 0)
    throw usage(
      'proof-no-build',
      `--out ${options.out}: holds no build (no <deck>/<language>/manifest.json)`,
      'run `kaartenset build` first, or name the folder with --out',
    );
  const inside = (child: string, parent: string) =>
    !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));
  if (inside(proofDir, out))
    throw usage(
      'proof-inside-out',
      `--proof-dir ${options.proofDir}: is inside the output folder ${options.out}`,
      'the build owns that folder: put the proof beside it',
    );

  const afterSide: BuildSide = { out, root: options.root, label: path.relative(process.cwd(), out) || out };
  let revision: Awaited<ReturnType<typeof buildRevision>> | undefined;
  let beforeSide: BuildSide;
  const against = path.resolve(options.against);
  if (await isFolder(against)) {
    if ((await publishedSets(against)).size === 0)
      throw usage(
        'proof-no-build',
        `--against ${options.against}: holds no build (no <deck>/<language>/manifest.json)`,
        'give a folder an earlier build wrote, or a git revision',
      );
    beforeSide = { out: against, label: path.relative(process.cwd(), against) || against };
  } else {
    // Neither a folder nor a revision is refused before anything is said to be built.
    const resolved = await resolveRevision(options.root, options.against);
    if (!('commit' in resolved)) throw new UsageError([resolved]);
    const decks = [...new Set([...after.values()].map((manifest) => manifest.deck))];
    log(`building ${options.against} in a temporary worktree`);
    revision = await buildRevision(options.root, options.against, async (root, buildOut) => {
      const { buildDecks } = await import('../pipeline/build-decks.ts');
      const { findDeckDirs } = await import('../deck/find-decks.ts');
      const present = new Set((await findDeckDirs(root)).map((dir) => path.basename(dir)));
      await buildDecks({ root, out: buildOut, decks: decks.filter((deck) => present.has(deck)), previews: false, allowMissing: true, log });
    });
    const named = `${options.against} (${revision.commit})`;
    beforeSide = {
      out: revision.out,
      root: revision.root,
      label: named,
      revision: options.against === revision.commit ? revision.commit : named,
    };
  }
  try {
    const comparison = await compareBuilds(beforeSide, afterSide);
    const files = await writeProof(comparison, proofDir, options.changedOnly ?? false, after);
    return { comparison, files };
  } finally {
    await revision?.remove();
  }
}

async function writeProof(
  comparison: Comparison,
  proofDir: string,
  changedOnly: boolean,
  after: Awaited<ReturnType<typeof publishedSets>>,
): Promise<string[]> {
  const files: string[] = [];
  const write = async (relative: string, bytes: Uint8Array | string) => {
    const file = path.join(proofDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
    files.push(file);
  };
  const changed = comparison.sets.filter((set) => set.faces.length > 0 || set.change === 'changed');
  // A PDF an earlier proof left for a set that has not changed now would tell of changes that are not there.
  for (const set of comparison.sets)
    for (const file of [PROOF_PDF, changedCardsFile(set)]) await rm(path.join(proofDir, set.deck, set.language, file), { force: true });
  if (changedOnly) {
    const { changedCardsPdf } = await import('./proof-pdf.ts');
    for (const set of changed) {
      const manifest = after.get(`${set.deck}/${set.language}`);
      if (!manifest) continue;
      const pdf = await changedCardsPdf(set, comparison.builds.after, manifest.cards.list);
      if (pdf) await write(path.join(set.deck, set.language, changedCardsFile(set)), pdf);
    }
    return files;
  }
  const { proofHtml } = await import('./proof-html.ts');
  await write('index.html', proofHtml(comparison));
  await write('proof.json', `${JSON.stringify(proofJson(comparison), null, 2)}\n`);
  if (changed.length > 0) {
    const { proofPdf } = await import('./proof-pdf.ts');
    const { comparedWith } = await import('./proof-html.ts');
    const { proofStrings } = await import('./strings.ts');
    // The day the proof is made, for the client signing it (the file's own metadata keep the build's date).
    const date = new Date();
    for (const set of changed) {
      const builds = { ...comparison.builds, compared: comparedWith(comparison, set.language, proofStrings(set.language)) };
      await write(path.join(set.deck, set.language, PROOF_PDF), await proofPdf(set, builds, date));
    }
  }
  return files;
}

/** The comparison as --json prints it and proof.json keeps it (schema/proof.schema.json): without the images. */
export function proofJson(comparison: Comparison) {
  return {
    before: comparison.before,
    after: comparison.after,
    changed: comparison.changed,
    counts: comparison.counts,
    sets: comparison.sets.map((set: SetChange) => ({
      ...set,
      faces: set.faces.map(({ images: _, fields, ...face }) => ({
        ...face,
        fields: fields.map(({ field, added, removed }) => ({ field, added, removed })),
      })),
    })),
  };
}

/** What changed, in lines for people. */
export function proofLines(comparison: Comparison): string[] {
  const lines: string[] = [];
  for (const set of comparison.sets) {
    const name = `${set.deck} [${set.language}]`;
    if (set.change === 'added' || set.change === 'removed') lines.push(`${name}: ${set.change}`);
    for (const line of set.geometry) lines.push(`${name}: ${line}`);
    for (const line of set.sheets) lines.push(`${name}: ${line}`);
    for (const face of set.faces) {
      const what = face.card ? `card ${face.card} (${face.side})` : `back of category ${face.category}`;
      lines.push(`${name}: ${what} ${face.change}`);
      for (const field of face.fields)
        lines.push(
          `    ${field.field}: ${[...field.removed.map((word) => `-${word}`), ...field.added.map((word) => `+${word}`)].join(' ')}`,
        );
      if (face.pixels && face.fields.length === 0)
        lines.push(`    look: ${face.pixels.areasMm.length} area(s), ${(face.pixels.share * 100).toFixed(1)} % of the face`);
    }
  }
  return lines;
}
