import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fieldHelper } from './helpers/field.ts';
import { numberHelper } from './helpers/number.ts';
import { formatText } from './helpers/text.ts';
import { InputError } from '../shared/errors.ts';

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

/** Compiles a template, checking its syntax now (Handlebars would only parse it on first use). */
export async function compileTemplate(env: typeof Handlebars, file: string): Promise<Template> {
  const source = await readFile(file, 'utf8');
  try {
    env.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const line = /on line (\d+)/.exec(message)?.[1] ?? '1';
    throw new InputError([{ file, line: Number(line), col: 1, severity: 'error', message: `template syntax: ${message.split('\n').slice(-1)[0]}`, source: source.split('\n')[Number(line) - 1] }]);
  }
  return env.compile(source, { noEscape: false, preventIndent: true });
}
