import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { deckCopy, FIXTURES, REPO } from '../../support/fixtures.ts';
import { validJsonOutput } from '../../support/json-output.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * --json: one document on standard output, { "problems": [...], ...the command's summary },
 * valid against the committed schema/problems.schema.json, every problem with its code and place.
 */

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((done) => done()));
  cleanup = [];
});

describe('check --json', () => {
  it('names each of three distinct mistakes with its code and file:line:col, valid against the schema', async () => {
    const copy = await deckCopy('mini', path.join(FIXTURES, 'invalid', 'several-problems-at-once'));
    cleanup.push(copy.cleanup);
    const result = await runCli(['--root', REPO, 'check', '--deck', copy.dir, '--json'], { cwd: copy.dir });
    expect(result.code).toBe(1);
    const { valid, errors, output } = await validJsonOutput(result.stdout);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(output.problems.map(({ code, severity, location }) => ({ code, severity, location }))).toEqual([
      { code: 'unknown-template', severity: 'error', location: { file: 'cards.yaml', line: 3, col: 15 } },
      { code: 'unknown-category', severity: 'error', location: { file: 'cards.yaml', line: 4, col: 15 } },
      { code: 'picto-not-found', severity: 'error', location: { file: 'cards.yaml', line: 9, col: 12 } },
    ]);
    expect(output.problems[0]!.message).toMatch(/^unknown template "poster"/);
    expect(output.decks).toEqual([{ deck: expect.any(String), errors: 3, warnings: 0 }]);
    // The lines for people go to standard error, so standard output is JSON alone.
    expect(result.stderr).toContain('cards.yaml:3:15: unknown template "poster"');
  });

  it('names a mistake in each of deck.yaml, cards.yaml and a locale: a mistake in one file hides none of the others', async () => {
    const copy = await deckCopy('mini');
    cleanup.push(copy.cleanup);
    const edit = async (file: string, from: string, to: string) => {
      const text = await readFile(path.join(copy.dir, file), 'utf8');
      expect(text).toContain(from);
      await writeFile(path.join(copy.dir, file), text.replace(from, to));
    };
    await edit('deck.yaml', 'safeZone: 4mm', 'bleeed: 2mm\nsafeZone: 4mm');
    await edit('cards.yaml', 'picto: team', 'picto: team\n    colour: red');
    await edit('locales/nl.yaml', 'title: Tweede kaart', 'titel: Tweede kaart');
    const result = await runCli(['--root', REPO, 'check', '--deck', copy.dir, '--json'], { cwd: copy.dir });
    expect(result.code).toBe(1);
    const { valid, output } = await validJsonOutput(result.stdout);
    expect(valid).toBe(true);
    const found = output.problems.map(({ code, location }) => `${code} ${location?.file}`);
    expect(found).toEqual(expect.arrayContaining(['unknown-key deck.yaml', 'unknown-key cards.yaml', 'unknown-field locales/nl.yaml']));
  });

  it('is an empty list of problems, and exit 0, for decks without any', async () => {
    const result = await runCli(['check', '--json']);
    expect(result.code).toBe(0);
    const { valid, output } = await validJsonOutput(result.stdout);
    expect(valid).toBe(true);
    expect(output.problems).toEqual([]);
    expect(output.decks).toEqual([
      { deck: 'deck/besluitmodellen', errors: 0, warnings: 0 },
      { deck: 'deck/swan', errors: 0, warnings: 0 },
    ]);
  });
});

/** A two-page PDF of faces with trim and bleed boxes, as pdf-lib writes it; `change` makes a defect. */
async function pdf(file: string, change: (doc: PDFDocument) => void = () => undefined): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let page = 0; page < 2; page++) {
    const added = doc.addPage([200, 260]);
    added.setBleedBox(0, 0, 200, 260);
    added.setTrimBox(9, 9, 182, 242);
  }
  change(doc);
  const bytes = await doc.save();
  await writeFile(file, bytes);
  return bytes;
}

describe('preflight --json', () => {
  it('names a folder, a missing file, a cut-off PDF and a failed check, each located, valid against the schema', async () => {
    const project = await tempProject([]);
    cleanup.push(project.cleanup);
    await mkdir(project.file('deck'));
    const whole = await pdf(project.file('good.pdf'));
    await writeFile(project.file('cut.pdf'), whole.subarray(0, Math.floor(whole.length / 2)));
    await pdf(project.file('no-trim.pdf'), (doc) => doc.getPage(1).node.delete(doc.context.obj('TrimBox') as never));
    const result = await runCli(['preflight', 'deck', 'missing.pdf', 'cut.pdf', 'no-trim.pdf', 'good.pdf', '--json'], {
      cwd: project.root,
    });
    expect(result.code).toBe(1);
    const { valid, errors, output } = await validJsonOutput(result.stdout);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(output.problems.map(({ code, location }) => ({ code, location }))).toEqual([
      { code: 'file-is-folder', location: { file: 'deck' } },
      { code: 'file-not-found', location: { file: 'missing.pdf' } },
      { code: 'pdf-unreadable', location: { file: 'cut.pdf' } },
      { code: 'box-missing', location: { file: 'no-trim.pdf', page: 2 } },
    ]);
    expect(output.problems[0]).toMatchObject({
      message: 'is a folder, not a PDF',
      hint: `name the PDF files, e.g. ${path.join('deck', '*.pdf')}`,
    });
    expect(output.files).toEqual([
      expect.objectContaining({ file: 'no-trim.pdf', pages: 2, ok: false }),
      expect.objectContaining({ file: 'good.pdf', pages: 2, ok: true }),
    ]);
  });
});

describe('i18n status --json', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  it('lists each missing translation as a warning at its place in the language file', async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace(/^( +body:).*$/m, '$1 ""'));
    const result = await runCli(['--root', project.root, 'i18n', 'status', '--json'], { cwd: project.root });
    expect(result.code).toBe(0);
    const { valid, errors, output } = await validJsonOutput(result.stdout);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    const missing = output.problems.filter((problem) => problem.code === 'translation-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({
      severity: 'warning',
      location: { file: 'deck/mini/locales/en.yaml', line: expect.any(Number), col: expect.any(Number) },
    });
    expect(output.languages).toEqual(
      expect.arrayContaining([expect.objectContaining({ deck: 'mini', language: 'en', missing: [expect.stringMatching(/\.body$/)] })]),
    );
  });
});

describe('build --json', () => {
  it('names what stops the build as problems, valid against the schema', async () => {
    const project = await tempProject(['mini']);
    cleanup.push(project.cleanup);
    await project.edit('deck/mini/cards.yaml', (text) => text.replace('template: condition', 'template: poster'));
    const result = await runCli(['--root', project.root, 'build', '--out', project.out, '--no-previews', '--json'], { cwd: project.root });
    expect(result.code).toBe(1);
    const { valid, errors, output } = await validJsonOutput(result.stdout);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
    expect(output.problems).toEqual([
      expect.objectContaining({ code: 'unknown-template', location: { file: 'deck/mini/cards.yaml', line: expect.any(Number), col: 15 } }),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a refused output folder by its code, as the line for people says it', async () => {
    const project = await tempProject(['mini']);
    cleanup.push(project.cleanup);
    await writeFile(project.out, 'not a folder\n');
    const result = await runCli(['--root', project.root, 'build', '--out', project.out, '--no-previews', '--json'], { cwd: project.root });
    expect(result.code).toBe(1);
    const { valid, output } = await validJsonOutput(result.stdout);
    expect(valid).toBe(true);
    expect(output.problems).toEqual([
      { code: 'output-folder', severity: 'error', message: `--out ${project.out} is a file, not a folder; choose a folder such as dist` },
    ]);
    expect(result.stderr).toContain(`kaartenset: --out ${project.out} is a file, not a folder`);
  });
});
