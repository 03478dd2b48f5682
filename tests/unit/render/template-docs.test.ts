import Handlebars from 'handlebars';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_KINDS, parseCardTemplate, TemplateFrontMatterSchema } from '../../../src/deck/card-templates.ts';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { createHandlebars } from '../../../src/render/handlebars-env.ts';
import { FaceRenderer, type RenderedFaces } from '../../../src/render/render-faces.ts';
import { REPO } from '../../support/fixtures.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * docs/templates.md is the deck owner's only reference: every name the code gives a template is
 * documented, and every name documented exists. A deck-local template that prints the keys it
 * receives shows what a template really sees.
 */

const docs = await readFile(path.join(REPO, 'docs', 'templates.md'), 'utf8');
const KEYS = `---
fields:
  title: markup
---
{{#each this}}[{{@key}}]{{/each}}{{#each card}}(card.{{@key}}){{/each}}{{#each category}}(category.{{@key}}){{/each}}{{#each deck}}(deck.{{@key}}){{/each}}{{text t.title}}
`;

let project: TempProject;
let deck: LoadedDeck;
let rendered: RenderedFaces;
beforeAll(async () => {
  project = await tempProject(['mini']);
  await project.edit('deck/mini/cards.yaml', (text) => text.replace('template: prompt', 'template: keys'));
  const own = project.file('deck', 'mini', 'templates', 'cards');
  await mkdir(own, { recursive: true });
  await writeFile(path.join(own, 'keys.hbs'), KEYS);
  await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('    body: Nog een uitleg.\n', ''));
  await project.edit('deck/mini/locales/en.yaml', (text) => text.replace('    body: Another explanation.\n', ''));
  const paths = projectPaths(project.root);
  const result = await loadDeck(project.file('deck', 'mini'), paths);
  deck = result.deck!;
  rendered = (await FaceRenderer.create(paths, deck)).render(deck, {
    locale: deck.locales.get('nl')!.locale,
    language: 'nl',
    assetUrl: (file) => file,
  });
});
afterAll(async () => {
  await project.cleanup();
});

const documented = (name: string) => docs.includes(name);

describe('docs/templates.md documents what a template can use', () => {
  it('every key of the template context, the card, its category and the deck', () => {
    const face = rendered.sections[rendered.faces.findIndex((f) => f.template === 'keys')]!;
    const top = [...face.matchAll(/\[([\w-]+)\]/g)].map((m) => m[1]!);
    const nested = [...face.matchAll(/\(((?:card|category|deck)\.[\w-]+)\)/g)].map((m) => m[1]!);
    expect(top).toEqual(expect.arrayContaining(['t', 'card', 'category', 'deck', 'ui']));
    expect(nested).toEqual(expect.arrayContaining(['card.position', 'card.total', 'category.name', 'deck.title']));
    for (const name of top) expect(documented(`| \`${name}\` |`), name).toBe(true);
    for (const name of nested) expect(documented(`\`${name}\``), name).toBe(true);
  });

  it('every helper, and no helper that does not exist', async () => {
    const builtIn = new Set(Object.keys(Handlebars.create().helpers));
    const ours = [
      ...Object.keys((await createHandlebars(path.join(REPO, 'templates'))).helpers).filter((name) => !builtIn.has(name)),
      'picto',
    ];
    for (const name of ours) expect(documented(`\`{{${name} `), name).toBe(true);
    const listed = [...docs.slice(docs.indexOf('## Helpers'), docs.indexOf('## Partials')).matchAll(/^\| `\{\{(\w+) /gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(ours.sort());
  });

  it('every shared partial', async () => {
    const partials = (await readdir(path.join(REPO, 'templates', 'partials'))).map((file) => path.basename(file, '.hbs'));
    for (const name of partials) expect(documented(`{{> ${name}}}`) || documented(`{{#> ${name}}}`), name).toBe(true);
  });

  it('every class the shared stylesheet styles in any template as reusable, and every other one as scoped to its kind', async () => {
    const css = (await readFile(path.join(REPO, 'templates', 'styles', 'cards.css'), 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '');
    const selectors = [...css.matchAll(/([^{}]+)\{/g)].flatMap((m) => m[1]!.split(','));
    const classesIn = (list: string[]) => new Set(list.flatMap((selector) => [...selector.matchAll(/\.([a-z][\w-]*)/g)].map((m) => m[1]!)));
    const everywhere = classesIn(selectors.filter((selector) => !selector.includes('data-template=')));
    const scoped = [...classesIn(selectors)].filter((name) => !everywhere.has(name));
    const section = docs.slice(docs.indexOf('### Shared styles and your own'));
    const [reusable, others] = section.slice(0, section.indexOf('\n## ')).split('Every other shared class');
    const listed = (text: string) => [...new Set([...text!.matchAll(/`\.([a-z][\w-]*)`/g)].map((m) => m[1]!))].sort();
    expect(listed(reusable!)).toEqual([...everywhere].sort());
    expect(listed(others!)).toEqual(scoped.sort());
  });

  it("every CSS custom property the renderer sets, and only those and the shared stylesheet's", async () => {
    const set = new Set([...`${rendered.pageCss} ${rendered.sections.join(' ')}`.matchAll(/(--[a-z][\w-]*):/g)].map((m) => m[1]!));
    set.add('--fit');
    for (const name of set) expect(documented(`\`${name}\``), name).toBe(true);
    const css = await readFile(path.join(REPO, 'templates', 'styles', 'cards.css'), 'utf8');
    for (const [, name] of docs.matchAll(/`(--[a-z][\w-]*)`/g)) expect(set.has(name!) || css.includes(`${name}:`), name).toBe(true);
  });

  it('every front-matter key and field kind', () => {
    for (const key of Object.keys(TemplateFrontMatterSchema.shape)) expect(documented(`\`${key}`), key).toBe(true);
    for (const key of ['required', 'max', 'description']) expect(documented(`| \`${key}`), key).toBe(true);
    for (const kind of FIELD_KINDS) expect(documented(`| \`kind: ${kind}\` |`), kind).toBe(true);
  });

  it('a worked example whose template is valid and declares what it shows', () => {
    const example = docs.slice(docs.indexOf('## A worked example'));
    const template = /```handlebars\n([\s\S]*?)```/.exec(example)![1]!;
    const parsed = parseCardTemplate('big-number', 'big-number.hbs', template);
    expect(parsed.problems).toEqual([]);
    expect([...parsed.template!.fields.values()].map((field) => [field.name, field.kind, field.required])).toEqual([
      ['figure', 'text', true],
      ['question', 'markup', true],
    ]);
  });
});
