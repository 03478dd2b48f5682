import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fieldHelper } from './helpers/field.ts';
import { numberHelper } from './helpers/number.ts';
import { formatText } from './helpers/text.ts';
import { InputError } from '../shared/errors.ts';
import { keptResults } from '../shared/kept-results.ts';
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
      env.registerPartial(path.basename(file, '.hbs'), compiledOnFirstUse(env, await readFile(path.join(partialsDir, file), 'utf8')));
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
    return env.template(templateSpec(env, source));
  } catch (error) {
    throw new InputError([syntaxProblem({ file, text: source }, error)]);
  }
}

/** One set of options for every template and partial: a partial compiles with the options of the template calling it. */
const COMPILE_OPTIONS = { noEscape: false, preventIndent: true } as const;

/**
 * A template's compiled form, made once per text in this process: it holds no helper or partial
 * (those are looked up in the instance it is bound to), so every deck's instance shares it, and
 * dev compiles a template again only when its text changed.
 */
function templateSpec(env: typeof Handlebars, source: string): TemplateSpecification {
  // A copy each time: precompile writes into the options it is given, and a compile that throws leaves its state there.
  return compiledSpecs(source, () => new Function(`return ${env.precompile(source, { ...COMPILE_OPTIONS })}`)() as TemplateSpecification);
}
type TemplateSpecification = ReturnType<typeof Handlebars.precompile>;
const compiledSpecs = keptResults<TemplateSpecification>(256);

/**
 * A partial compiled when a template first calls it, as Handlebars compiles a partial registered
 * as text: one that no template uses may hold an error without failing the render.
 */
function compiledOnFirstUse(env: typeof Handlebars, source: string): Template {
  let compiled: Template | undefined;
  return (context, options) => {
    compiled ??= env.template(templateSpec(env, source));
    return compiled(context, options);
  };
}
