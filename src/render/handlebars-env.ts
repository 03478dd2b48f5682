import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fieldHelper } from './helpers/field.ts';
import { numberHelper } from './helpers/number.ts';
import { formatText } from './helpers/text.ts';

export type Template = Handlebars.TemplateDelegate;

/** A Handlebars instance of its own, with the project's partials and the pure helpers. */
export async function createHandlebars(templatesDir: string): Promise<typeof Handlebars> {
  const env = Handlebars.create();
  env.registerHelper('text', formatText);
  env.registerHelper('number', numberHelper);
  env.registerHelper('field', fieldHelper);
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of (await readdir(partialsDir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs'))) {
    env.registerPartial(path.basename(file, '.hbs'), await readFile(path.join(partialsDir, file), 'utf8'));
  }
  return env;
}

export async function compileTemplate(env: typeof Handlebars, file: string): Promise<Template> {
  return env.compile(await readFile(file, 'utf8'), { noEscape: false, preventIndent: true });
}
