import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fieldHelper } from './helpers/field.ts';
import { numberHelper } from './helpers/number.ts';
import { formatText } from './helpers/text.ts';
import { InputError } from '../shared/errors.ts';
import { syntaxProblem } from './template-syntax.ts';

export type Template = Handlebars.TemplateDelegate;

/**
 * A Handlebars instance of its own, with the pure helpers and the project's partials; partials in
 * `ownPartialDirs` (a deck's templates/partials/) are registered after them, so a deck's own win.
 */
export async function createHandlebars(templatesDir: string, ownPartialDirs: string[] = []): Promise<typeof Handlebars> {
  const env = Handlebars.create();
  env.registerHelper('text', formatText);
  env.registerHelper('number', numberHelper);
  env.registerHelper('field', fieldHelper);
  for (const partialsDir of [path.join(templatesDir, 'partials'), ...ownPartialDirs]) {
    for (const file of (await readdir(partialsDir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs'))) {
      env.registerPartial(path.basename(file, '.hbs'), await readFile(path.join(partialsDir, file), 'utf8'));
    }
  }
  return env;
}

/** Compiles a template, checking its syntax now (Handlebars would only parse it on first use). */
export async function compileTemplate(env: typeof Handlebars, file: string): Promise<Template> {
  return compileSource(env, file, await readFile(file, 'utf8'));
}

/** Compiles template text read from `file` (a card template's body, its front matter blanked out). */
export function compileSource(env: typeof Handlebars, file: string, source: string): Template {
  try {
    env.parse(source);
  } catch (error) {
    throw new InputError([syntaxProblem({ file, text: source }, error)]);
  }
  return env.compile(source, { noEscape: false, preventIndent: true });
}
