import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { cardSize } from '../../../src/starter/new-deck.ts';
import { runCli, type CliResult } from '../../support/cli.ts';
import { boxesOf, openPdf, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * The deck owner's walk: `kaartenset new`, then a card kind of their own with a field of its own
 * and no title, written only inside the deck's folder; it builds and prints on every profile.
 */

let project: TempProject;
let created: CliResult;
let built: CliResult;
const deck = (...parts: string[]) => project.file('deck', 'quiz', ...parts);

const BIG_NUMBER = `---
description: "A big number and one question about it"
fields:
  figure: { kind: text, required: true }
  question: { kind: markup, required: true }
---
<div class="band" aria-hidden="true"></div>
<div class="safe">
  <p class="figure" {{field "figure"}}>{{t.figure}}</p>
  <div class="content" data-fit>
    <p class="figure-question" {{field "question"}}>{{text t.question}}</p>
  </div>
</div>
`;

beforeAll(async () => {
  project = await tempProject([]);
  // Two custom school profiles that ask for butted cards: a 0 mm gutter, and no bleed at all.
  const schoolA4 = await readFile(project.file('templates', 'sheets', 'school-a4.yaml'), 'utf8');
  await writeFile(
    project.file('templates', 'sheets', 'butted-a4.yaml'),
    schoolA4.replace('gutter: 6mm', 'gutter: 0mm').replace(/^variants:.*$/m, 'variants: [standard]'),
  );
  await writeFile(
    project.file('templates', 'sheets', 'clipped-a4.yaml'),
    `${schoolA4.replace(/^variants:.*$/m, 'variants: [standard]')}bleed: false\n`,
  );
  created = await runCli(['--root', project.root, 'new', 'quiz', '--size', 'poker', '--lang', 'en,nl,de']);
  await writeFile(deck('templates', 'cards', 'big-number.hbs'), BIG_NUMBER);
  await appendFile(
    deck('deck.css'),
    '.figure { font-family: "Fraunces"; font-size: 40pt; margin-top: 12mm; text-align: center; color: var(--cat-deep); }\n.figure-question { font-size: max(var(--min-font), 10em); }\n',
  );
  await appendFile(deck('cards.yaml'), '  - { id: how-many, template: big-number, category: basics, picto: sample }\n');
  await appendFile(deck('locales', 'en.yaml'), '  how-many:\n    figure: "1 in 4"\n    question: Which card would **you** play first?\n');
  await appendFile(deck('locales', 'nl.yaml'), '  how-many:\n    figure: "1 op 4"\n    question: Welke kaart speel **jij** eerst?\n');
  built = await runCli(['--root', project.root, 'build', '--deck', 'quiz', '--out', project.out, '--no-previews'], { timeout: 240_000 });
}, 300_000);
afterAll(async () => {
  await project.cleanup();
});

describe('kaartenset new', () => {
  it('writes a deck with its own template, stylesheet, picto and a locale per language', async () => {
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    for (const file of [
      'deck.yaml',
      'cards.yaml',
      'locales/en.yaml',
      'locales/nl.yaml',
      'locales/de.yaml',
      'templates/cards/note.hbs',
      'deck.css',
      'pictos/sample.svg',
    ]) {
      expect(created.stdout).toContain(path.join('deck', 'quiz', file));
    }
    expect(await readFile(deck('locales', 'en.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/locale\.schema\.json\n/);
    expect(await readFile(deck('deck.yaml'), 'utf8')).toContain('width: 63mm\n  height: 88mm');
  });

  it('scaffolds a language it has no sample text for, and leaves it out of the build until translated', async () => {
    const de = await readFile(deck('locales', 'de.yaml'), 'utf8');
    expect(de).toContain('    # Welcome\n    title:\n');
    expect(await readFile(deck('deck.yaml'), 'utf8')).toContain('languages: [en, nl]');
    expect(created.stdout).toContain('de: translate the empty values');
  });

  it('never overwrites a deck and refuses a size or name it cannot read, writing nothing', async () => {
    const [again, size, name] = await Promise.all([
      runCli(['--root', project.root, 'new', 'quiz']),
      runCli(['--root', project.root, 'new', 'other', '--size', 'huge']),
      runCli(['--root', project.root, 'new', 'My Deck']),
    ]);
    expect([again.code, size.code, name.code]).toEqual([1, 1, 1]);
    expect(again.stderr).toContain('exists already');
    expect(size.stderr).toContain('--size: "huge" is not a card size: use poker, bridge, tarot, a7, or width x height with a unit');
    expect(name.stderr).toContain('"My Deck" is not a deck name');
    expect((await readdir(project.file('deck'))).sort()).toEqual(['quiz']);
  }, 180_000);

  it('reads sizes by name and as width x height with one unit', () => {
    expect(cardSize('tarot')).toMatchObject({ width: '70mm', height: '120mm' });
    expect(cardSize('2.5x3.5in')).toMatchObject({ width: '2.5in', height: '3.5in' });
    expect(cardSize('70 x 100mm')).toMatchObject({ width: '70mm', height: '100mm' });
    expect(() => cardSize('70x100')).toThrow(/not a card size/);
  });
});

describe('a deck with a card kind of its own', () => {
  it('builds every language on every sheet profile, with no edit outside its folder', async () => {
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const profiles = (await readdir(project.file('templates', 'sheets'))).map((file) => path.basename(file, '.yaml'));
    for (const language of ['en', 'nl']) {
      const files = await readdir(path.join(project.out, 'quiz', language));
      for (const profile of profiles) expect(files, `${language} ${profile}`).toContain(`quiz-${language}-sheets-${profile}.pdf`);
    }
  });

  it('honours what each profile says: a 0 mm gutter packs 9 poker cards on A4, bleed: false clips them, and preflight accepts both', async () => {
    const manifest = JSON.parse(await readFile(path.join(project.out, 'quiz', 'en', 'manifest.json'), 'utf8'));
    const perSheet = (profile: string) =>
      JSON.stringify(manifest).match(
        new RegExp(`"profile":"${profile}","variant":"standard","file":"[^"]+","sheets":\\d+,"cardsPerSheet":(\\d+)`),
      )?.[1];
    expect(perSheet('butted-a4')).toBe('9');
    expect(perSheet('school-a4')).toBe('8');
    for (const profile of ['butted-a4', 'clipped-a4']) {
      const pages = (await openPdf(path.join(project.out, 'quiz', 'en', `quiz-en-sheets-${profile}.pdf`))).getPages();
      const { trim, bleed } = boxesOf(pages.at(-1)!);
      expect(bleed, profile).toEqual(trim);
    }
    const report = await readFile(path.join(project.out, 'quiz', 'en', 'preflight.txt'), 'utf8');
    expect(report).toMatch(/quiz-en-sheets-butted-a4\.pdf/);
  });

  it('prints the new field and the question, with no title, as text a PDF reader finds', async () => {
    const text = await tool('pdftotext', ['-layout', path.join(project.out, 'quiz', 'en', 'quiz-en-cards.pdf'), '-']);
    expect(text).toContain('1 in 4');
    expect(text).toMatch(/Which card would\s+you\s+play first\?/);
    expect(await tool('pdftotext', [path.join(project.out, 'quiz', 'nl', 'quiz-nl-sheets-school-a4.pdf'), '-'])).toContain('1 op 4');
  });

  it('layers the deck stylesheet after the shared one, so its rules win', async () => {
    const project_ = projectPaths(project.root);
    const { deck: loaded } = await loadDeck(deck(), project_);
    const rendered = (await FaceRenderer.create(project_, loaded!)).render(loaded!, {
      locale: loaded!.locales.get('en')!.locale,
      language: 'en',
      assetUrl: (file) => file,
    });
    expect(rendered.css.indexOf('.figure {')).toBeGreaterThan(rendered.css.indexOf('.face {'));
  });

  it("names the template's own fields when a card gives one it does not have", async () => {
    await project.edit('deck/quiz/locales/en.yaml', (text) =>
      text.replace('    figure: "1 in 4"\n', '    figure: "1 in 4"\n    hint: Count them\n'),
    );
    const check = await runCli(['--root', project.root, 'check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'cards.how-many: unknown field "hint"; template "big-number" has: figure (required), question (required)',
    );
  }, 120_000);
});
