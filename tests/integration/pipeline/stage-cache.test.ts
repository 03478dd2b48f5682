import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFolder } from '../../../src/output/output-folder.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import type { BuildSummary } from '../../../src/pipeline/build-options.ts';
import { sha256 } from '../../../src/shared/hash.ts';
import { runCli } from '../../support/cli.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Every published file of a set with its content hash. */
async function hashes(out: string, set: string): Promise<Record<string, string>> {
  const dir = path.join(out, set);
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  return Object.fromEntries(
    await Promise.all(
      entries.map(
        async (entry) =>
          [
            path.relative(dir, path.join(entry.parentPath, entry.name)),
            sha256(await readFile(path.join(entry.parentPath, entry.name))),
          ] as const,
      ),
    ),
  );
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

describe('every stage is cached by the content of its inputs', { timeout: 300_000 }, () => {
  let project: TempProject;
  let first: BuildSummary;
  const build = () => buildDecks({ root: project.root, out: project.out });

  beforeAll(async () => {
    project = await tempProject(['mini']);
    first = await build();
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('makes everything on a first build, reusing nothing', () => {
    expect(first.unchanged).toBe(0);
    expect(first.stages.reused).toEqual({});
    expect(total(first.stages.done)).toBeGreaterThan(0);
    expect(first.prints.printed).toBeGreaterThan(0);
  });

  it('does no work when nothing changed, and keeps every file byte for byte', async () => {
    const before = { nl: await hashes(project.out, 'mini/nl'), en: await hashes(project.out, 'mini/en') };
    const again = await build();
    expect(again.stages.done).toEqual({});
    expect(again.prints).toEqual({ printed: 0, reused: 0 });
    expect(again.unchanged).toBe(2);
    expect(await hashes(project.out, 'mini/nl')).toEqual(before.nl);
    expect(await hashes(project.out, 'mini/en')).toEqual(before.en);
  });

  it('makes a set again when a published file was edited or removed in place, from its caches, printing nothing', async () => {
    const before = await hashes(project.out, 'mini/nl');
    await appendFile(path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf'), '% touched up by hand\n');
    await rm(path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-school-a4.pdf'));
    const again = await build();
    expect(again.unchanged).toBe(1);
    expect(again.prints.printed).toBe(0);
    expect(await hashes(project.out, 'mini/nl')).toEqual(before);
  });

  it("redoes only the changed language's outputs when one Dutch string changes", async () => {
    const english = await hashes(project.out, 'mini/en');
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('Een korte uitleg.', 'Een andere uitleg.'));
    const changed = await build();
    expect(changed.unchanged).toBe(1);
    expect(changed.builds.map((b) => b.language).sort()).toEqual(['en', 'nl']);
    // nl: each face variant printed again, and everything made from the faces; en: nothing.
    const variants = changed.stages.done.faces!;
    expect(changed.prints.printed).toBe(variants);
    expect(changed.stages.done.cards).toBe(1);
    expect(changed.stages.done.previews).toBe(1);
    expect(changed.stages.done.sheets).toBe(first.stages.done.sheets! / 2);
    expect(await hashes(project.out, 'mini/en')).toEqual(english);
    expect(await tool('pdftotext', [path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf'), '-'])).toContain('Een andere uitleg.');
  });

  it('remakes only the sheets of a changed sheet profile, reusing faces, cards and previews', async () => {
    const before = await hashes(project.out, 'mini/nl');
    await project.edit('templates/sheets/school-a4.yaml', (text) =>
      `${text.trimEnd()}\n`.replace(/description: (.*)/, 'description: $1 (changed)'),
    );
    const changed = await build();
    expect(changed.prints.printed).toBe(0);
    expect(changed.stages.done.faces ?? 0).toBe(0);
    expect(changed.stages.done.cards ?? 0).toBe(0);
    expect(changed.stages.done.previews ?? 0).toBe(0);
    const schoolA4Sheets = changed.stages.done.sheets!;
    expect(schoolA4Sheets).toBeGreaterThan(0);
    // Two languages, the school-a4 variants only: fewer than all profiles' sheets.
    expect(schoolA4Sheets).toBeLessThan(first.stages.done.sheets!);
    const after = await hashes(project.out, 'mini/nl');
    const differ = Object.keys(after)
      .filter((file) => after[file] !== before[file])
      .sort();
    // The print page's kit carries the school profiles, so it follows them.
    expect(
      differ.every(
        (file) =>
          file.startsWith('mini-nl-sheets-school-a4') ||
          ['print-kit.js', 'print-page.json', 'manifest.json', 'preflight.txt'].includes(file),
      ),
      differ.join(', '),
    ).toBe(true);
    expect(total(changed.stages.reused)).toBeGreaterThan(0);
  });

  it('keeps only what the published sets are made from: an output no longer made leaves the store', async () => {
    const without = await buildDecks({ root: project.root, out: project.out, previews: false });
    expect(without.unchanged).toBe(0);
    // Previews are planned again: nothing of the last ones is left to read back.
    const again = await build();
    expect(again.stages.done.previews).toBe(2);
    expect(again.stages.reused.previews ?? 0).toBe(0);
    expect(again.prints.printed).toBe(0);
  });

  it('clears the half-written store entries of a build killed while writing one, at the next build', async () => {
    const store = storeFolder(project.out);
    const half = path.join(store, `faces-${'0'.repeat(64)}.tmp-99999-0badcafe`);
    await mkdir(half, { recursive: true });
    await writeFile(path.join(half, '0'), '%PDF-1.7 cut off');
    const again = await build();
    expect(again.unchanged).toBe(2);
    const names = await readdir(store);
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(names.length).toBeGreaterThan(0);
  });

  it('tells text below the minimum on a build whose faces come from the store just as on the build that made them', async () => {
    // The faces are kept although the set fails: the next build reads cards.pdf back, and reads its text sizes again.
    await writeFile(project.file('deck', 'mini', 'deck.css'), '.face p { font-size: 5pt; }\n');
    try {
      const made = await runCli(['build'], { cwd: project.root });
      const kept = await runCli(['build'], { cwd: project.root });
      for (const run of [made, kept]) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/field "body" is printed at 5\.0 pt .*below the deck's minimum/);
        expect(run.stderr).not.toMatch(/internal error/);
      }
    } finally {
      await rm(project.file('deck', 'mini', 'deck.css'));
    }
  });
});
