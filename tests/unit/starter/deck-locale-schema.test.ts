import { appendFile, readFile, writeFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDeck } from '../../../src/starter/new-deck.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * What an editor with the YAML language server tells a deck owner: each deck's locales point at the
 * deck's own JSON Schema, in which every card has exactly the fields of its own template. Judged
 * by Ajv, a JSON Schema validator of its own, on the files as written.
 */

let project: TempProject;
const deck = (...parts: string[]) => project.file('deck', 'quiz', ...parts);

const HINTED = `---
fields:
  title: { kind: markup, required: true }
  hint: { kind: text, required: true, description: "A nudge for a stuck player" }
---
<div class="safe"><h2 {{field "title"}}>{{text t.title}}</h2><p {{field "hint"}}>{{t.hint}}</p></div>
`;

async function validate(language: string, change: (text: string) => string = (text) => text) {
  const schema = JSON.parse(await readFile(deck('locale.schema.json'), 'utf8'));
  const check = new Ajv2020.default({ strict: false, allErrors: true }).compile(schema);
  const valid = check(parse(change(await readFile(deck('locales', `${language}.yaml`), 'utf8'))));
  return { valid, errors: (check.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`) };
}

beforeAll(async () => {
  project = await tempProject([]);
  await createDeck(project.root, 'quiz', { languages: ['en', 'nl'] });
});
afterAll(async () => {
  await project.cleanup();
});

describe("each deck's locale JSON Schema", () => {
  it('is written by kaartenset new, and every locale of the deck points at it', async () => {
    for (const language of ['en', 'nl']) {
      expect((await readFile(deck('locales', `${language}.yaml`), 'utf8')).split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../locale.schema.json',
      );
      expect(await validate(language)).toEqual({ valid: true, errors: [] });
    }
    expect(
      (await validate('en', (text) => text.replace('    title: Welcome\n', '    title: Welcome\n    hint: Look closely\n'))).errors,
    ).toEqual(['/cards/welcome must NOT have additional properties {"additionalProperty":"hint"}']);
  });

  it("follows a template of the deck's own that declares a field hint, once kaartenset schema has run (check writes nothing)", async () => {
    await writeFile(deck('templates', 'cards', 'hinted.hbs'), HINTED);
    await appendFile(deck('cards.yaml'), '  - { id: stuck, template: hinted, category: basics, picto: sample }\n');
    await appendFile(deck('locales', 'en.yaml'), '  stuck:\n    title: Stuck?\n    hint: Look at the picture first\n');
    await appendFile(deck('locales', 'nl.yaml'), '  stuck:\n    title: Vast?\n    hint: Kijk eerst naar het plaatje\n');
    const before = await readFile(deck('locale.schema.json'), 'utf8');
    const check = await runCli(['--root', project.root, 'check']);
    expect(check.stderr).toBe('');
    expect(check.stdout).not.toMatch(/wrote/);
    expect(await readFile(deck('locale.schema.json'), 'utf8')).toBe(before);
    const written = await runCli(['--root', project.root, 'schema']);
    expect(written.stderr).toBe('');
    expect(written.stdout).toMatch(/^wrote .*deck\/quiz\/locale\.schema\.json$/m);
    const schema = JSON.parse(await readFile(deck('locale.schema.json'), 'utf8'));
    expect(schema.properties.cards.properties.stuck).toMatchObject({
      properties: { hint: { description: 'A nudge for a stuck player' } },
      required: ['title', 'hint'],
      additionalProperties: false,
    });
    expect(schema.properties.cards.properties.welcome.properties.hint).toBeUndefined();
    expect(await validate('en')).toEqual({ valid: true, errors: [] });
    expect(await validate('nl')).toEqual({ valid: true, errors: [] });
    expect((await validate('en', (text) => text.replace('    hint: Look', '    hintt: Look'))).errors).toEqual([
      '/cards/stuck must have required property \'hint\' {"missingProperty":"hint"}',
      '/cards/stuck must NOT have additional properties {"additionalProperty":"hintt"}',
    ]);
    // Nothing changed since: schema leaves the file alone.
    expect((await runCli(['--root', project.root, 'schema'])).stdout).toMatch(/deck\/quiz\/locale\.schema\.json: up to date$/m);
  });

  it('reports a field the source gives that its template lacks once, located, with no missing translations', async () => {
    await project.edit('deck/quiz/locales/en.yaml', (text) =>
      text.replace('    title: Welcome\n', '    title: Welcome\n    tip: Look closely\n'),
    );
    const check = await runCli(['--root', project.root, 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('deck/quiz: 1 error(s)');
    expect(check.stderr).toContain(
      'locales/en.yaml:25:5: cards.welcome: unknown field "tip"; template "note" has: title (required), body, questions',
    );
    expect(check.stderr).not.toMatch(/missing nl translation|does not exist in the source/);
    // The same field in a translation is not called extra either: the source is where to fix it.
    await project.edit('deck/quiz/locales/nl.yaml', (text) => text.replace(/(\n {2}welcome:\n {4}title: .*\n)/, '$1    tip: Kijk goed\n'));
    const again = await runCli(['--root', project.root, 'check']);
    expect(again.stdout).toContain('deck/quiz: 1 error(s)');
    expect(again.stderr).not.toMatch(/missing nl translation|does not exist in the source/);
    // A field another of the deck's templates shows is a warning here (it would not print): no translation is asked for it.
    await project.edit('deck/quiz/locales/en.yaml', (text) => text.replace('    tip: Look closely\n', '    hint: Look closely\n'));
    await project.edit('deck/quiz/locales/nl.yaml', (text) => text.replace('    tip: Kijk goed\n', ''));
    const warned = await runCli(['--root', project.root, 'check']);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('deck/quiz: ok, 1 warning(s)');
    expect(warned.stderr).toContain('cards.welcome.hint: template "note" does not show "hint", so it is not printed');
  });
});

describe('kaartenset new with a right-to-left language', () => {
  it('writes direction rtl for an Arabic source and a Hebrew translation, ltr for English', async () => {
    await createDeck(project.root, 'rtl-deck', { languages: ['ar', 'he', 'en'] });
    const direction = async (language: string) =>
      parse(await readFile(project.file('deck', 'rtl-deck', 'locales', `${language}.yaml`), 'utf8')).language.direction;
    expect(await direction('ar')).toBe('rtl');
    expect(await direction('he')).toBe('rtl');
    expect(await direction('en')).toBe('ltr');
  });
});
