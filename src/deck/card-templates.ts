import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fileProblem, type Problem } from '../shared/errors.ts';
import { keptResults } from '../shared/kept-results.ts';
import { toLineFeeds } from '../shared/line-ends.ts';
import { validateSource } from './validate.ts';
import { parseYamlText, problemAtPath, type YamlSource } from './yaml-source.ts';

/*
 * A card template declares the texts it shows in a front-matter block at its top:
 *
 *   ---
 *   fields:
 *     title: { kind: markup, required: true }
 *     questions: { kind: list, max: 4 }
 *   ui: [questions]
 *   ---
 *
 * The locale of a deck is checked against the templates its cards use, so a new card kind can
 * have a field of its own and a card needs no title when its template never shows one.
 */

export const FIELD_KINDS = ['text', 'markup', 'list'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** How the web edition sets a field apart, as the printed card does with its own styles. */
export const FIELD_EMPHASES = ['numeral', 'lead', 'hint'] as const;
export type FieldEmphasis = (typeof FIELD_EMPHASES)[number];

/** The shortest word hyphenation looks at: a field may lower its minimum word length to this, never below. */
export const SHORTEST_HYPHENATED_WORD = 5;

const Hyphenation = z
  .union([
    z.boolean(),
    z.strictObject({
      word: z.number().int().min(SHORTEST_HYPHENATED_WORD).optional().describe('Words shorter than this stay whole (default 10)'),
      before: z.number().int().min(1).optional().describe('The fewest letters before a break (default 3)'),
      after: z.number().int().min(1).optional().describe('The fewest letters after a break (default 3)'),
    }),
  ])
  .describe('Soft hyphens in this field: true (the default), false (never break a word), or limits');

const FieldName = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
  error: (issue) =>
    `"${String(issue.input)}" is not a field name: use lowercase letters, digits and single hyphens (e.g. title, big-number)`,
});

const Kind = z
  .enum(FIELD_KINDS)
  .describe('text: printed as written; markup: **bold**, *italic* and line breaks; list: a list of markup items');

export const FieldDeclarationSchema = z.union([
  Kind,
  z.strictObject({
    kind: Kind,
    required: z.boolean().default(false).describe('The source language must give this field on every card of the template'),
    max: z.number().int().min(1).optional().describe('A list holds at most this many items'),
    description: z.string().optional().describe('What the field is for: shown to writers in the JSON Schema'),
    emphasis: z
      .enum(FIELD_EMPHASES)
      .optional()
      .describe('How the web edition sets it apart: numeral (a large figure), lead (larger text), hint (small, secondary text)'),
    hyphenate: Hyphenation.optional(),
  }),
]);

export const TemplateFrontMatterSchema = z
  .strictObject({
    description: z.string().optional().describe('What this card kind is for'),
    fields: z
      .record(FieldName, FieldDeclarationSchema)
      .default({})
      .describe('The texts a card of this kind shows, by name: cards.<id>.<field> in a locale'),
    ui: z
      .array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/))
      .default([])
      .describe('Labels the template shows from the locale: ui.<key>'),
  })
  .describe('The front-matter block of a card template');

export interface FieldDeclaration {
  name: string;
  kind: FieldKind;
  required: boolean;
  max?: number;
  description?: string;
  emphasis?: FieldEmphasis;
  hyphenate?: boolean | { word?: number; before?: number; after?: number };
}

export interface CardTemplate {
  name: string;
  file: string;
  /** The Handlebars source with the front matter blanked out, so line numbers stay those of the file. */
  body: string;
  fields: Map<string, FieldDeclaration>;
  ui: string[];
  /** The front matter as parsed, to locate problems in it. */
  declaration?: YamlSource;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Splits a template file into its declaration and its Handlebars body. */
export function parseCardTemplate(name: string, file: string, saved: string): { template?: CardTemplate; problems: Problem[] } {
  return parsedTemplates(`${name}\0${file}\0${saved}`, () => parseAnew(name, file, saved));
}

/** Card templates parsed in this process, by name, file and text: dev loads them again on every save. */
const parsedTemplates = keptResults<{ template?: CardTemplate; problems: Problem[] }>(512);

function parseAnew(name: string, file: string, saved: string): { template?: CardTemplate; problems: Problem[] } {
  const text = toLineFeeds(saved);
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    const problems: Problem[] = [
      fileProblem(
        'template-fields-undeclared',
        file,
        `template "${name}" declares no fields: start it with a front-matter block, a line "---", then "fields:" with one line per field such as "  title: { kind: markup, required: true }", then "---" (see docs/templates.md)`,
      ),
    ];
    return { problems };
  }
  const yamlText = match[1] ?? '';
  const lines = match[0].split('\n').length - 1;
  const body = '\n'.repeat(lines) + text.slice(match[0].length);
  // The front matter parsed with its own line numbers: the `---` line stays, as a YAML document start.
  const read = parseYamlText(file, new TextEncoder().encode(`---\n${yamlText}`));
  if (!read.source) {
    const empty = read.problems.every((p) => p.code === 'yaml-empty');
    if (!empty) return { problems: read.problems };
    return { template: { name, file, body, fields: new Map(), ui: [] }, problems: [] };
  }
  const validated = validateSource(read.source, TemplateFrontMatterSchema);
  if (!validated.value) return { problems: validated.problems };
  const fields = new Map<string, FieldDeclaration>();
  for (const [field, declared] of Object.entries(validated.value.fields)) {
    fields.set(field, typeof declared === 'string' ? { name: field, kind: declared, required: false } : { name: field, ...declared });
  }
  return { template: { name, file, body, fields, ui: validated.value.ui, declaration: read.source }, problems: validated.problems };
}

/** The card templates a deck can use: its own templates/cards/ first, then the project's. */
export async function cardTemplateFiles(dirs: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      const name = entry.slice(0, -'.hbs'.length);
      if (entry.endsWith('.hbs') && !found.has(name)) found.set(name, path.join(dir, entry));
    }
  }
  return found;
}

/** Reads the named templates (the ones a deck's cards use) with their declarations. */
export async function loadCardTemplates(
  files: Map<string, string>,
  names: Iterable<string>,
  partialDirs: string[],
): Promise<{ templates: Map<string, CardTemplate>; problems: Problem[] }> {
  const templates = new Map<string, CardTemplate>();
  const problems: Problem[] = [];
  /** Each partial a template calls, with the fields of every template that calls it. */
  const partialUses = new Map<string, { text: string; fields: Set<string> }>();
  // Templates share their partials: each file is read once (or found missing once) per load.
  const reads = new Map<string, Promise<string | undefined>>();
  const readOnce: ReadText = (file) => {
    if (!reads.has(file))
      reads.set(
        file,
        readFile(file, 'utf8').catch(() => undefined),
      );
    return reads.get(file)!;
  };
  for (const name of new Set(names)) {
    const file = files.get(name);
    if (!file) continue;
    const parsed = parseCardTemplate(name, file, await readFile(file, 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.template) {
      const partials = await partialSources(parsed.template.body, partialDirs, readOnce);
      problems.push(...unshownFields(parsed.template, partials.map((partial) => partial.text).join('\n')));
      problems.push(...undeclaredFields(parsed.template.file, parsed.template.body, new Set(parsed.template.fields.keys())));
      for (const partial of partials) {
        const use = partialUses.get(partial.file) ?? { text: partial.text, fields: new Set<string>() };
        for (const field of parsed.template.fields.keys()) use.fields.add(field);
        partialUses.set(partial.file, use);
      }
      templates.set(name, parsed.template);
    }
  }
  for (const [file, { text, fields }] of partialUses) problems.push(...undeclaredFields(file, text, fields));
  return { templates, problems };
}

/**
 * A card text the template (or a partial it calls) shows that no template calling it declares:
 * a typo such as {{text t.bdy}}, which would print nothing on every card. An error, where it is written.
 */
function undeclaredFields(file: string, text: string, declared: Set<string>): Problem[] {
  const problems: Problem[] = [];
  for (const match of text.matchAll(/\bt\.([A-Za-z_][\w-]*)/g)) {
    const field = match[1]!;
    if (declared.has(field)) continue;
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    const col = match.index - before.lastIndexOf('\n');
    const known = [...declared].sort();
    problems.push({
      code: 'unknown-field',
      location: { file, line, col },
      severity: 'error',
      message: `t.${field} is no field of ${known.length > 0 ? `the templates that show this (${known.join(', ')})` : 'any template that shows this'}: declare it under fields in the template's front matter, or correct the name`,
      source: text.split('\n')[line - 1],
    });
  }
  return problems;
}

/** A declared field that neither the template nor a partial it calls ever shows: a warning, at its declaration. */
function unshownFields(template: CardTemplate, partials: string): Problem[] {
  const shown = template.body + partials;
  return [...template.fields.keys()]
    .filter((field) => !new RegExp(`\\bt\\.${field.replace(/-/g, '\\-')}(?![\\w-])`).test(shown))
    .map((field) =>
      problemAtPath(
        'field-never-shown',
        template.declaration!,
        ['fields', field],
        `field "${field}" is declared but template "${template.name}" never shows it (expected {{text t.${field}}} or similar)`,
        {
          atKey: field,
          severity: 'warning',
        },
      ),
    );
}

/** Every partial a template calls, followed through the partials they call; earlier folders win. */
async function partialSources(body: string, partialDirs: string[], read: ReadText): Promise<Array<{ file: string; text: string }>> {
  const seen = new Set<string>();
  const texts: Array<{ file: string; text: string }> = [];
  const queue = [body];
  while (queue.length > 0) {
    for (const [, name] of queue.shift()!.matchAll(/\{\{#?>\s*([A-Za-z0-9_-]+)/g)) {
      if (seen.has(name!)) continue;
      seen.add(name!);
      const found = await firstReadable(
        partialDirs.map((dir) => path.join(dir, `${name}.hbs`)),
        read,
      );
      if (found !== undefined) {
        texts.push(found);
        queue.push(found.text);
      }
    }
  }
  return texts;
}

/** A file's text, or undefined when it cannot be read (a partial a deck does not override). */
type ReadText = (file: string) => Promise<string | undefined>;

async function firstReadable(files: string[], read: ReadText): Promise<{ file: string; text: string } | undefined> {
  for (const file of files) {
    const text = await read(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/**
 * Every field the project's card templates declare, in template order: what the locale JSON
 * Schema offers editors. A template without a declaration (a back) adds none.
 */
export async function declaredFields(cardsDir: string): Promise<FieldDeclaration[]> {
  const files = await cardTemplateFiles([cardsDir]);
  const fields: FieldDeclaration[] = [];
  for (const [name, file] of files) {
    const { template } = parseCardTemplate(name, file, await readFile(file, 'utf8'));
    if (template) fields.push(...template.fields.values());
  }
  return fields;
}
