import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { RECOMMENDED_BLEED_PT } from '../../../src/deck/bleed-policy.ts';
import { projectPaths } from '../../../src/deck/load-deck.ts';
import { mmToPt } from '../../../src/deck/units.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { checkDecks, checkProject, errorsOf } from '../../../src/check/check-decks.ts';
import { bleedKeyword } from '../../../src/pdf/work-style.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';
import { formatProblem, InputError } from '../../../src/shared/errors.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

/** The mini deck with one defect made in it; check's errors as the CLI prints their first lines. */
async function checkWith(defect: (project: TempProject) => Promise<void>): Promise<string[]> {
  project = await tempProject(['mini']);
  await defect(project);
  const report = await checkProject(projectPaths(project.root));
  return errorsOf(report).map((problem) => formatProblem(problem, project!.root).split('\n')[0]!);
}

/** The mini deck with Frisian, a language kaartenset ships no ui words for, as its source (its Dutch texts kept). */
async function asFrisian(p: TempProject): Promise<void> {
  await rename(path.join(p.root, 'deck/mini/locales/nl.yaml'), path.join(p.root, 'deck/mini/locales/fy.yaml'));
  await p.edit('deck/mini/deck.yaml', (text) => text.replace('sourceLanguage: nl', 'sourceLanguage: fy').replace('[nl, en]', '[fy, en]'));
  await rm(path.join(p.root, 'deck/mini/locales/en.lock.json'));
}

/** The build stops at its start with the same located problems, before anything is printed. */
async function expectBuildRefuses(expected: string[]): Promise<void> {
  const build = buildDecks({ root: project!.root, out: project!.out, previews: false });
  const error = await build.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  const lines = (error as InputError).problems.map((problem) => formatProblem(problem, project!.root).split('\n')[0]!);
  expect(lines).toEqual(expected);
}

/** The mini deck on the press sheet and every school paper, flat and fold-over. */
const everyPaper = (deckYaml: string) =>
  deckYaml.replace(/^profiles: .*$/m, 'profiles: [press-sra3, school-a4, school-letter, school-a4-fold, school-letter-fold]');
describe('check is the build gate: what the build would meet late, check finds first', () => {
  it('passes the unchanged mini deck', async () => {
    expect(await checkWith(async () => undefined)).toEqual([]);
  });

  it('finds a misspelt partial in a partial, at its file:line:col', async () => {
    const errors = await checkWith((p) => p.edit('templates/partials/body.hbs', (text) => `${text}\n  {{> bodyy}}\n`));
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/partials\/body\.hbs:3:3: partial "bodyy" not found: templates\/partials\/ has body, example, front, questions, steps$/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it('finds a misspelt card field in a partial ({{text t.bdy}}), which would print nothing on every card', async () => {
    const errors = await checkWith((p) =>
      p.edit('templates/partials/body.hbs', (text) => text.replace('{{text t.body}}', '{{text t.bdy}}')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/partials\/body\.hbs:\d+:\d+: t\.bdy is no field of the templates that show this \(.*body.*\): declare it under fields/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it('finds a block closed with the wrong name in a partial, at the closing tag', async () => {
    const errors = await checkWith((p) => p.edit('templates/partials/body.hbs', (text) => text.replace('{{/if}}', '{{/iff}}')));
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/partials\/body\.hbs:1:\d+: template syntax: \{\{\/iff\}\} closes \{\{#if\}\} \(opened on line 1\); close it with \{\{\/if\}\}, or open \{\{#iff \.\.\.\}\} first$/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it('finds an unknown helper and a syntax error in a card template', async () => {
    const errors = await checkWith(async (p) => {
      await p.edit('templates/cards/condition.hbs', (text) => text.replace('{{> body}}', '{{texxt t.body}}'));
      await p.edit('templates/cards/prompt.hbs', (text) => `${text}{{#each}`);
    });
    expect(errors).toEqual([
      expect.stringMatching(/^templates\/cards\/condition\.hbs:\d+:3: helper "texxt" does not exist; the templates have: .*\btext\b/),
      expect.stringMatching(/^templates\/cards\/prompt\.hbs:\d+:\d+: template syntax: /),
    ]);
  });

  it('finds what a helper throws at render time, naming card and languages once', async () => {
    const errors = await checkWith((p) =>
      p.edit('templates/cards/condition.hbs', (text) => text.replace('{{#> front}}', '{{picto "unicorn"}}{{#> front}}')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/cards\/condition\.hbs: rendering card "eerste" in nl, en fails \(in this template or a partial it calls\): picto "unicorn" was not loaded$/,
      ),
    ]);
  });

  it('names a render-time error of a partial once per template that calls it, not once per card and language', async () => {
    const errors = await checkWith((p) => p.edit('templates/partials/body.hbs', (text) => `${text}{{#each}}x{{/each}}\n`));
    expect(errors).toEqual([
      'templates/cards/condition.hbs: rendering card "eerste" in nl, en fails (in this template or a partial it calls): Must pass iterator to #each',
      'templates/cards/prompt.hbs: rendering card "tweede" in nl, en fails (in this template or a partial it calls): Must pass iterator to #each',
    ]);
  });

  it('finds a stylesheet block that is never closed', async () => {
    const errors = await checkWith((p) =>
      p.edit('templates/styles/cards.css', (text) =>
        text.replace('.body {\n  font-size: max(var(--min-font), 9.2em);\n}', '.body {\n  font-size: max(var(--min-font), 9.2em);\n'),
      ),
    );
    expect(errors).toEqual([expect.stringMatching(/^templates\/styles\/cards\.css:\d+:7: \{ is never closed with \}$/)]);
  });

  it('takes the shipped words for every ui string a deck leaves out: no ui block is needed', async () => {
    const errors = await checkWith(async (p) => {
      for (const language of ['nl', 'en'])
        await p.edit(`deck/mini/locales/${language}.yaml`, (text) => text.replace(/^ui:\n(?: {2}.*\n)+/m, ''));
    });
    expect(errors).toEqual([]);
  });

  it('names the ui strings that a source language kaartenset ships no words for leaves out', async () => {
    const errors = await checkWith(async (p) => {
      await asFrisian(p);
      // Every paper and fold-over, whose labels are among the strings.
      await p.edit('deck/mini/deck.yaml', everyPaper);
      for (const language of ['fy', 'en'])
        await p.edit(`deck/mini/locales/${language}.yaml`, (text) => text.replace(/^ui:\n(?: {2}.*\n)+/m, 'ui: {}\n'));
    });
    const stageAndTemplate = errors.filter((line) => line.includes('that the templates, sheets, cover or download page print are missing'));
    expect(stageAndTemplate).toEqual([expect.stringMatching(/^deck\/mini\/locales\/fy\.yaml:8:5: ui: \d+ string\(s\) that/)]);
    for (const key of ['download-title', 'file-cards', 'print-heading', 'print-duplex-long-edge', 'sheet', 'file-fold-over'])
      expect(stageAndTemplate[0]).toContain(key);
    // The labels a template declares are named by the deck loader, in the source language, with what they label.
    expect(errors).toContain(
      'deck/mini/locales/fy.yaml:8:5: ui.questions is missing: template "condition" shows this label, the heading over the list of questions on a card (prompt, factor, dilemma and other kinds) (add "questions:" under ui)',
    );
    await expectBuildRefuses(errors);
  });

  it('names the label of the web edition, which the download page would show as a raw key', async () => {
    const errors = await checkWith(async (p) => {
      await asFrisian(p);
      for (const language of ['fy', 'en'])
        await p.edit(`deck/mini/locales/${language}.yaml`, (text) => text.replace(/^ {2}file-web: .*\n/m, ''));
    });
    expect(errors).toEqual([
      'deck/mini/locales/fy.yaml:9:3: ui: 1 string(s) that the templates, sheets, cover or download page print are missing: file-web; kaartenset ships them in nl and en only: write them in fy (docs/ui-strings.md says what each labels)',
    ]);
    await expectBuildRefuses(errors);
  });

  it("holds a profile's crop marks to the thinnest line preflight passes", async () => {
    const errors = await checkWith((p) =>
      p.edit('templates/sheets/school-a4.yaml', (text) => text.replace('weight: 0.25pt', 'weight: 0.05pt')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/sheets\/school-a4\.yaml:10:11: marks\.weight: thinner than 0\.25pt, the thinnest line a press holds/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it("holds a profile's back offset to what a calibration corrects: 40 mm is a misprint preflight fails", async () => {
    const errors = await checkWith((p) =>
      p.edit('templates/sheets/school-a4.yaml', (text) => text.replace(/backOffset:\n(\s+)x: [^\n]+/, 'backOffset:\n$1x: 40mm')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^templates\/sheets\/school-a4\.yaml:\d+:\d+: duplex\.backOffset: moves the backs more than the 3 mm a printer's calibration corrects/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it('finds a card larger than a profile sheet, instead of a RangeError from the imposer', async () => {
    const errors = await checkWith((p) =>
      p.edit('deck/mini/deck.yaml', (text) =>
        everyPaper(text).replace('width: 63mm', 'width: 200mm').replace('height: 88mm', 'height: 300mm'),
      ),
    );
    expect(errors).toEqual([
      'deck/mini/deck.yaml:3:3: sheet profile "school-a4-fold" (templates/sheets/school-a4-fold.yaml): a card does not fit on half the sheet for a fold-over layout',
      'deck/mini/deck.yaml:3:3: sheet profile "school-a4" (templates/sheets/school-a4.yaml): a 200.0 x 300.0 mm card with 3.0 mm bleed does not fit on the sheet: it has 190.0 x 277.0 mm inside the margins',
      'deck/mini/deck.yaml:3:3: sheet profile "school-letter-fold" (templates/sheets/school-letter-fold.yaml): a card does not fit on half the sheet for a fold-over layout',
      'deck/mini/deck.yaml:3:3: sheet profile "school-letter" (templates/sheets/school-letter.yaml): a 200.0 x 300.0 mm card with 3.0 mm bleed does not fit on the sheet: it has 195.9 x 259.4 mm inside the margins',
    ]);
    const cli = await runCli(['build', '--root', project!.root, '--out', project!.out, '--no-previews']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('does not fit on the sheet');
    expect(cli.stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('finds a work-and-turn profile whose plate has no second column for the backs', async () => {
    const errors = await checkWith((p) =>
      p.edit('deck/mini/deck.yaml', (text) =>
        text
          .replace('width: 63mm', 'width: 290mm')
          .replace('height: 88mm', 'height: 200mm')
          .replace(/^profiles: .*$/m, 'profiles: [press-sra3-work-and-turn]'),
      ),
    );
    // The profile's file label is asked of the locale too (the mini deck lists no press profile).
    expect(errors).toContain(
      'deck/mini/deck.yaml:3:3: sheet profile "press-sra3-work-and-turn" (templates/sheets/press-sra3-work-and-turn.yaml): work-and-turn needs at least two cards across the turn; this sheet holds 1 x 2',
    );
    await expectBuildRefuses(errors);
  });

  it("checks a deck's own partials and card templates before rendering, at their file:line:col", async () => {
    const errors = await checkWith(async (p) => {
      await mkdir(p.file('deck/mini/templates/partials'), { recursive: true });
      await mkdir(p.file('deck/mini/templates/cards'), { recursive: true });
      await writeFile(
        p.file('deck/mini/templates/partials/body.hbs'),
        '{{#if t.body}}\n  <p class="body">{{text t.body}}</p>\n  {{> bodyy}}\n{{/if}}\n',
      );
      await writeFile(p.file('deck/mini/templates/partials/aside.hbs'), '{{#if t.example}}<aside>{{text t.example}}</aside>{{/iff}}\n');
      await writeFile(p.file('deck/mini/templates/cards/unused.hbs'), '---\nfields:\n  title: text\n---\n<h1>{{texxt t.title}}</h1>\n');
    });
    expect(errors).toEqual([
      expect.stringMatching(/^deck\/mini\/templates\/cards\/unused\.hbs:5:5: helper "texxt" does not exist/),
      expect.stringMatching(/^deck\/mini\/templates\/partials\/aside\.hbs:1:\d+: template syntax: \{\{\/iff\}\} closes \{\{#if\}\}/),
      expect.stringMatching(
        /^deck\/mini\/templates\/partials\/body\.hbs:3:3: partial "bodyy" not found: templates\/partials\/ and the deck's templates\/partials\/ have aside, body, example, front, questions, steps$/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });

  it('finds two deck folders with one id (a copied folder)', async () => {
    const errors = await checkWith((p) => cp(p.file('deck', 'mini'), p.file('deck', 'mini-copy'), { recursive: true }));
    expect(errors).toEqual([
      expect.stringMatching(
        /^deck\/mini-copy\/deck\.yaml:1:5: deck id "mini" is also the id of .*deck\/mini\/deck\.yaml; each deck needs its own id/,
      ),
    ]);
    await expectBuildRefuses(errors);
  });
});

/** The mini deck with some edits; check's problems (errors and warnings) as the CLI prints their first lines. */
async function problemsWith(edits: (project: TempProject) => Promise<void>, vendors: string[] = []): Promise<string[]> {
  await project?.cleanup();
  project = await tempProject(['mini']);
  await edits(project);
  const report = await checkDecks(project.root, [], vendors);
  return [...report.shared, ...report.decks.flatMap((deck) => deck.problems)].map(
    (problem) => formatProblem(problem, project!.root).split('\n')[0]!,
  );
}

const withBleed = (bleed: string) => (p: TempProject) =>
  p.edit('deck/mini/deck.yaml', (text) => text.replace('bleed: 3mm', `bleed: ${bleed}`));

describe("bleed is the deck's choice", () => {
  it('accepts any bleed from 0 up: 2 mm as some print shops ask, and none at all', async () => {
    expect(await problemsWith(withBleed('2mm'))).toEqual([]);
    expect(await problemsWith(withBleed('0mm'))).toEqual([]);
  });

  it('refuses a negative bleed, located, naming what is accepted', async () => {
    const errors = await checkWith(withBleed('-1mm'));
    expect(errors).toEqual([
      'deck/mini/deck.yaml:5:8: bleed -1 mm is negative: write how far the artwork runs past the trim, 3mm as most print shops ask (0.125in in the US), or 0mm for none',
    ]);
    await expectBuildRefuses(errors);
  });

  it("warns where a chosen profile's gutter cannot hold the deck's bleed, and only there", async () => {
    // school-a4's 6 mm gutter holds 3 mm on either card, not 4 mm; press-sra3's 12 mm holds 4 mm.
    const twoProfiles = (p: TempProject) =>
      p.edit('deck/mini/deck.yaml', (text) => text.replace(/^profiles: .*$/m, 'profiles: [school-a4, press-sra3]'));
    expect(
      await problemsWith(async (p) => {
        await withBleed('4mm')(p);
        await twoProfiles(p);
      }),
    ).toEqual([
      'deck/mini/deck.yaml:5:8: warning: sheet profile "school-a4" (templates/sheets/school-a4.yaml) has a 6 mm gutter, which leaves each card 3 mm of this 4 mm bleed where neighbours meet: its sheets are made and preflighted with 3 mm. For the full bleed give that profile a gutter of 0mm (cards butt and share their cuts) or at least 8mm',
    ]);
    // A gutter of 0 is cards butting on purpose: they share their cuts, nothing to warn about.
    expect(
      await problemsWith(async (p) => {
        await withBleed('4mm')(p);
        await twoProfiles(p);
        await p.edit('templates/sheets/school-a4.yaml', (text) => text.replace('gutter: 6mm', 'gutter: 0mm'));
      }),
    ).toEqual([]);
  });

  it('refuses, at check and build, a vendor that asks more bleed than the deck has, naming the vendor and both numbers', async () => {
    const problems = await problemsWith(withBleed('2mm'), ['drivethrucards', 'thegamecrafter']);
    expect(problems).toEqual([
      "deck/mini/deck.yaml:5:8: DriveThruCards asks 3.18 mm of bleed and this deck has 2 mm: its cards would be enlarged to fill the vendor's bleed and cut well inside their own trim. Write bleed: 3.18mm for this vendor (at least 2.68mm: the faces are scaled up the rest), or leave it out",
      "deck/mini/deck.yaml:5:8: The Game Crafter asks 3.18 mm of bleed and this deck has 2 mm: its cards would be enlarged to fill the vendor's bleed and cut well inside their own trim. Write bleed: 3.18mm for this vendor (at least 2.68mm: the faces are scaled up the rest), or leave it out",
    ]);
    const build = await buildDecks({ root: project!.root, out: project!.out, previews: false, vendors: ['drivethrucards'] }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(build).toBeInstanceOf(InputError);
    expect((build as InputError).problems.map((problem) => problem.code)).toEqual(['bleed-less-than-vendor']);
  });

  it("takes a 3 mm deck for a vendor asking 1/8 in: the faces are scaled up the 0.18 mm, cut within the deck's safe zone", async () => {
    expect(await problemsWith(async () => {}, ['drivethrucards', 'makeplayingcards', 'thegamecrafter'])).toEqual([]);
  });

  it('preflight holds a file that says nothing of its bleed to the recommended 3 mm, and one that does to its own', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-bleed-'));
    try {
      const boxesOk = async (bleed: number, declared?: number) => {
        const doc = await PDFDocument.create();
        const page = doc.addPage([mmToPt(63) + 2 * bleed, mmToPt(88) + 2 * bleed]);
        page.setBleedBox(0, 0, page.getWidth(), page.getHeight());
        page.setTrimBox(bleed, bleed, mmToPt(63), mmToPt(88));
        if (declared !== undefined) doc.setKeywords([bleedKeyword(declared)]);
        const file = path.join(dir, `${bleed}-${declared}.pdf`);
        await writeFile(file, await doc.save());
        return (await preflightFile(file)).checks.find((c) => c.name === 'boxes')!.ok;
      };
      expect(await boxesOk(RECOMMENDED_BLEED_PT)).toBe(true);
      expect(await boxesOk(mmToPt(2))).toBe(false);
      expect(await boxesOk(mmToPt(2), mmToPt(2))).toBe(true);
      expect(await boxesOk(mmToPt(1.5), mmToPt(2))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
