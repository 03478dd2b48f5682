import type Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { problem, type Problem } from '../shared/errors.ts';
import { keptResults } from '../shared/kept-results.ts';
import { toLineFeeds } from '../shared/line-ends.ts';
import { createHandlebars } from './handlebars-env.ts';
import { syntaxProblem } from './template-syntax.ts';

type Node = hbs.AST.Node;

/** Helpers a face template may call beyond the environment's own: those render-faces.ts passes at render time. */
const RENDER_TIME_HELPERS = ['picto'];

/**
 * One `ui` string a template prints, and the conditions around it: `{{#if t.example}}` or
 * `{{#each t.questions}}` as key paths (["t", "example"]). The string is needed for a face whose
 * data makes every one of them true.
 */
export interface UiUse {
  key: string;
  guards: string[][];
}

/** What the templates ask of a locale and of the partials, found without rendering anything. */
export interface TemplateCheck {
  problems: Problem[];
  /** The `ui` strings each card template prints, through its partials too, by template name. */
  uiUses: Map<string, UiUse[]>;
}

interface ParsedFile {
  name: string;
  file: string;
  text: string;
  ast?: hbs.AST.Program;
  error?: unknown;
}

/**
 * Parses every card template and partial as Handlebars will (a partial is otherwise compiled only
 * when first rendered, so its typo would surface as a stack trace in the middle of a build), and
 * resolves every partial and helper they name. Problems are located at file:line:col.
 *
 * With `deckTemplatesDir` (a deck's own templates/), the deck's own card templates and partials are
 * checked instead, resolved as the deck renders them: its partials over the project's. The
 * project's files are not reported again; `uiUses` then holds the deck's view of every template.
 */
export async function checkTemplates(templatesDir: string, deckTemplatesDir?: string): Promise<TemplateCheck> {
  const ownPartialsDir = deckTemplatesDir && path.join(deckTemplatesDir, 'partials');
  const folders = await Promise.all([
    readFolder(path.join(templatesDir, 'partials')),
    readFolder(path.join(templatesDir, 'cards')),
    ownPartialsDir ? readFolder(ownPartialsDir) : [],
    deckTemplatesDir ? readFolder(path.join(deckTemplatesDir, 'cards')) : [],
  ]);
  const key = JSON.stringify([templatesDir, deckTemplatesDir, folders]);
  return checkedTemplates(key, () => checkRead(templatesDir, deckTemplatesDir, folders));
}

/** Checks made in this process, by the files checked: dev checks the templates again on every save. */
const checkedTemplates = keptResults<Promise<TemplateCheck>>(64);

type TemplateFile = Pick<ParsedFile, 'name' | 'file' | 'text'>;

async function checkRead(templatesDir: string, deckTemplatesDir: string | undefined, folders: TemplateFile[][]): Promise<TemplateCheck> {
  const ownPartialsDir = deckTemplatesDir && path.join(deckTemplatesDir, 'partials');
  const env = await createHandlebars(templatesDir, ownPartialsDir ? [ownPartialsDir] : []);
  const [sharedPartials, sharedCards, ownPartials, ownCards] = folders.map((files) => parseFiles(env, files)) as [
    ParsedFile[],
    ParsedFile[],
    ParsedFile[],
    ParsedFile[],
  ];
  const problems: Problem[] = [];
  const helpers = new Set([...Object.keys(env.helpers), ...RENDER_TIME_HELPERS]);
  const partialNames = new Map([...sharedPartials, ...ownPartials].map((parsed) => [parsed.name, parsed]));
  const partialFolders = deckTemplatesDir ? "templates/partials/ and the deck's templates/partials/ have" : 'templates/partials/ has';
  const checked = deckTemplatesDir ? [...ownPartials, ...ownCards] : [...sharedPartials, ...sharedCards];

  for (const parsed of checked) {
    if (!parsed.ast) {
      problems.push(syntaxProblem(parsed, parsed.error));
      continue;
    }
    walk(parsed.ast, (node) => {
      const at = (code: string, message: string) =>
        problems.push(problem(code, parsed, node.loc.start.line, node.loc.start.column + 1, message));
      if (node.type === 'ContentStatement') problems.push(...markupProblems(parsed, node as hbs.AST.ContentStatement));
      if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
        const name = (node as hbs.AST.PartialStatement).name;
        if (name.type !== 'PathExpression') return;
        const partial = (name as hbs.AST.PathExpression).original;
        if (partial === '@partial-block') return;
        if (!partialNames.has(partial))
          at('partial-not-found', `partial "${partial}" not found: ${partialFolders} ${listOf([...partialNames.keys()])}`);
      }
      if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
        const call = node as hbs.AST.MustacheStatement;
        const callee = call.path as hbs.AST.PathExpression;
        const isCall = call.params.length > 0 || call.hash !== undefined;
        if (isCall && callee.type === 'PathExpression' && !callee.data && callee.parts.length === 1 && !helpers.has(callee.original)) {
          at(
            'helper-not-found',
            `helper "${callee.original}" does not exist; the templates have: ${listOf([...helpers].filter((h) => !h.endsWith('Missing')))}`,
          );
        }
      }
    });
  }

  const cards = new Map([...sharedCards, ...ownCards].map((card) => [card.name, card]));
  const uiUses = new Map(
    [...cards.values()].map((card) => [card.name, card.ast ? guardedUiUses(card.ast, [], partialNames, new Set([card.name])) : []]),
  );
  return { problems, uiUses };
}

/**
 * Elements a face has no use for and that would act on the whole page: a `<meta http-equiv>`
 * reloads or leaves it in the middle of a print, `<base>` moves every address, the rest load or
 * run something. The policy behind the templates blocks most of them; `check` names them first.
 */
const PAGE_ELEMENTS = /<(meta|base|link|script|iframe|frame|frameset|object|embed|form|title|head|html|body)\b/gi;

function markupProblems(parsed: ParsedFile, content: hbs.AST.ContentStatement): Problem[] {
  const problems: Problem[] = [];
  // The text as written (the types call it strip flags; `value` has whitespace control applied).
  const text = (content as unknown as { original: string }).original;
  for (const match of text.matchAll(PAGE_ELEMENTS)) {
    const before = text.slice(0, match.index).split('\n');
    const line = content.loc.start.line + before.length - 1;
    const col = before.length === 1 ? content.loc.start.column + match.index + 1 : before.at(-1)!.length + 1;
    problems.push(
      problem(
        'template-markup',
        parsed,
        line,
        col,
        `<${match[1]!.toLowerCase()}> has no place in a card template: a face is drawn with HTML, SVG and CSS inside its <section>, and elements that act on the whole page (meta, base, link, script, frames, forms) are refused`,
      ),
    );
  }
  return problems;
}

/** Blocks whose body renders only when their first argument is truthy (and, for each, not empty). */
const GUARDING_BLOCKS = new Set(['if', 'each', 'with']);

/**
 * The `ui` strings a template prints, following its partials, with the `if`/`each`/`with`
 * conditions they sit under. Conditions Handlebars cannot tell from data alone (else branches,
 * unless, other helpers) are left out, so a string is asked for whenever it might be printed.
 * Inside a partial, a condition on one of its parameters (`{{> front level=card.number}}`) is the
 * condition on the value passed; a parameter given a literal or nothing at all is left out.
 */
function guardedUiUses(
  node: Node,
  guards: string[][],
  partials: Map<string, ParsedFile>,
  inside: Set<string>,
  params: PartialParams = new Map(),
): UiUse[] {
  const uses: UiUse[] = [];
  const visitChildren = (child: Node, childGuards: string[][]) => uses.push(...guardedUiUses(child, childGuards, partials, inside, params));
  if (node.type === 'PathExpression') {
    const key = uiKeyOf(node as hbs.AST.PathExpression);
    if (key) uses.push({ key, guards });
    return uses;
  }
  if (node.type === 'BlockStatement') {
    const block = node as hbs.AST.BlockStatement;
    const callee = block.path as hbs.AST.PathExpression;
    const [first] = block.params;
    const guard =
      GUARDING_BLOCKS.has(callee.original) && first?.type === 'PathExpression'
        ? dataPath(first as hbs.AST.PathExpression, params)
        : undefined;
    for (const param of block.params) visitChildren(param, guards);
    if (block.program) visitChildren(block.program, guard ? [...guards, guard] : guards);
    if (block.inverse) visitChildren(block.inverse, guards);
    return uses;
  }
  if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
    const name = (node as hbs.AST.PartialStatement).name;
    const partial = name.type === 'PathExpression' ? partials.get((name as hbs.AST.PathExpression).original) : undefined;
    if (partial?.ast && !inside.has(partial.name)) {
      const passed: PartialParams = new Map(params);
      for (const pair of (node as hbs.AST.PartialStatement).hash?.pairs ?? [])
        passed.set(pair.key, pair.value.type === 'PathExpression' ? dataPath(pair.value as hbs.AST.PathExpression, params) : undefined);
      uses.push(...guardedUiUses(partial.ast, guards, partials, new Set([...inside, partial.name]), passed));
    }
  }
  for (const value of Object.values(node) as unknown[]) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isNode(item)) visitChildren(item, guards);
    }
  }
  return uses;
}

/** A partial's parameters by name: the data path each was given, or undefined for a literal. */
type PartialParams = Map<string, string[] | undefined>;

/** The path in a face's data that a plain `{{#if a.b}}` reads, through a partial's parameters. */
function dataPath(node: hbs.AST.PathExpression, params: PartialParams): string[] | undefined {
  if (node.data || node.depth !== 0) return undefined;
  const [head, ...rest] = node.parts;
  if (head === undefined || !params.has(head)) return node.parts;
  const passed = params.get(head);
  return passed && [...passed, ...rest];
}

/** `ui.questions`, `../ui.questions` and `@root.ui.questions` all read the locale's ui strings. */
function uiKeyOf(node: hbs.AST.PathExpression): string | undefined {
  const parts = node.data && node.parts[0] === 'root' ? node.parts.slice(1) : node.data ? [] : node.parts;
  return parts[0] === 'ui' && parts.length >= 2 ? parts[1] : undefined;
}

async function readFolder(dir: string): Promise<TemplateFile[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.hbs')).sort();
  return Promise.all(
    files.map(async (entry) => {
      const file = path.join(dir, entry);
      return { name: path.basename(entry, '.hbs'), file, text: toLineFeeds(await readFile(file, 'utf8')) };
    }),
  );
}

function parseFiles(env: typeof Handlebars, files: TemplateFile[]): ParsedFile[] {
  return files.map((read) => {
    const parsed: ParsedFile = { ...read };
    try {
      parsed.ast = env.parse(read.text);
    } catch (error) {
      parsed.error = error;
    }
    return parsed;
  });
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  for (const value of Object.values(node) as unknown[]) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isNode(item)) walk(item, visit);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && 'loc' in value;
}

function listOf(names: string[]): string {
  return names.length === 0 ? 'none' : [...names].sort().join(', ');
}
