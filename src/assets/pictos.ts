import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cachedText } from '../shared/disk-cache.ts';
import { keptResults } from '../shared/kept-results.ts';
import { fileProblem, type Problem, problem } from '../shared/errors.ts';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_ELEMENTS,
  EDITOR_ELEMENTS,
  EDITOR_NAMESPACES,
  isSafeValue,
  STYLE_PROPERTIES,
  TEXT_ELEMENTS,
} from './svg-allowlist.ts';

export interface PictoResult {
  svg?: string;
  problems: Problem[];
}

/** A picto is an icon: these bounds are far above any real one and keep a hostile file from stalling the build. */
export const PICTO_LIMITS = { bytes: 256 * 1024, elements: 4000, depth: 32 } as const;

interface Removal {
  what: string;
  /** Text to look for in the source, to point at the line. */
  needle: string;
}

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

/** Reads one picto file, refusing anything that is not a regular file of picto size before reading it. */
export async function loadPicto(file: string, name: string): Promise<PictoResult> {
  const refuse = (message: string): PictoResult => ({ problems: [fileProblem('picto-rejected', file, message)] });
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    return refuse(
      info.code === 'ENOENT'
        ? 'picto cannot be read: it is a link to a file that does not exist'
        : `picto cannot be read (${info.code ?? info.message})`,
    );
  }
  if (!info.isFile()) return refuse('picto rejected: this is not a regular file (a folder, pipe or device named .svg)');
  if (info.size > PICTO_LIMITS.bytes) return refuse(tooLarge(info.size));
  return preparePicto(file, name, await readFile(file, 'utf8'));
}

/**
 * Parses a picto as XML and keeps only what the SVG allowlist names: elements, attributes and
 * style properties that draw. Anything else is removed with a warning; what cannot be read is an
 * error. The result is optimised so it can be inlined many times in one document.
 */
export function preparePicto(file: string, name: string, text: string): Promise<PictoResult> {
  return preparedPictos(`${file}\0${name}\0${text}`, () => prepareAnew(file, name, text));
}

/** Pictos prepared in this process, by file, name and text: dev loads a deck's pictos again on every save. */
const preparedPictos = keptResults<Promise<PictoResult>>(1024);

async function prepareAnew(file: string, name: string, text: string): Promise<PictoResult> {
  const source = { file, text };
  // Without a place in the file (no <svg> root, no viewBox, too much of it), the file as a whole is named.
  const reject = (message: string, at?: { line: number; col: number }): PictoResult => ({
    problems: [
      at
        ? problem('picto-rejected', source, at.line, at.col, `picto rejected: ${message}`)
        : fileProblem('picto-rejected', file, `picto rejected: ${message}`),
    ],
  });
  if (Buffer.byteLength(text) > PICTO_LIMITS.bytes)
    return { problems: [fileProblem('picto-rejected', file, tooLarge(Buffer.byteLength(text)))] };
  if (/<!ENTITY|<!DOCTYPE[^>]*\[/i.test(text)) {
    return reject(
      'SVG entity declarations are not allowed (they can expand or read files)',
      locate(text, /<!ENTITY/i.test(text) ? '<!ENTITY' : '<!DOCTYPE'),
    );
  }
  // Before the XML parser, which gives up with a bare error at 100 levels.
  const tooDeep = firstTooDeep(text);
  if (tooDeep !== undefined) return reject(`elements nested more than ${PICTO_LIMITS.depth} deep`, offsetAt(text, tooDeep));
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true)
    return reject(`not well-formed XML: ${wellFormed.err.msg}`, { line: wellFormed.err.line, col: wellFormed.err.col });

  const roots = (parser.parse(text) as XmlNode[]).filter((node) => elementName(node) !== undefined);
  const root = roots[0];
  if (roots.length !== 1 || !root || ALLOWED_ELEMENTS.get(elementName(root)!.toLowerCase()) !== 'svg')
    return reject('the root element must be <svg>');
  const removals: Removal[] = [];
  const budget = { elements: 0 };
  let clean: string;
  try {
    clean = serialise(root, removals, budget, 0)!;
  } catch (error) {
    if (error instanceof LimitError) return reject(error.message);
    throw error;
  }
  if (!/\sviewBox="/.test(clean.slice(0, clean.indexOf('>')))) return reject('the <svg> needs a viewBox (pictos use viewBox="0 0 48 48")');

  const optimised = await optimisedPicto(clean, name, file);
  const seen = new Set<string>();
  const problems = removals
    .filter((removal) => !seen.has(removal.what) && seen.add(removal.what))
    .map((removal) => {
      const at = locate(text, removal.needle);
      return problem(
        'picto-sanitised',
        source,
        at.line,
        at.col,
        `removed ${removal.what} from the picto: pictos may only draw (no scripts, styles, links, animation or outside files)`,
        'warning',
      );
    });
  return { svg: optimised.replace(/^<svg/, `<svg class="picto" aria-hidden="true" focusable="false"`), problems };
}

/** Bumped when the svgo settings below change, so cached pictos are optimised again (an svgo upgrade does so by itself). */
const SVGO_SETTINGS = 'preset-default,no-removeUnknownsAndDefaults,prefixIds,removeAttrs-size';

/** The installed svgo's version, read without loading svgo (its package.json sits above its entry file). */
let svgoVersion: Promise<string> | undefined;
function installedSvgo(): Promise<string> {
  svgoVersion ??= readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('svgo')), '..', 'package.json'), 'utf8').then(
    (text) => String((JSON.parse(text) as { version?: unknown }).version),
  );
  return svgoVersion;
}

/**
 * svgo's result for a sanitised picto, kept between runs by content: loading svgo took `check`
 * longer than everything else it does with the pictos.
 */
async function optimisedPicto(clean: string, name: string, file: string): Promise<string> {
  return cachedText(
    'pictos',
    [await installedSvgo(), SVGO_SETTINGS, name, clean],
    async () => {
      const { optimize } = await import('svgo');
      return optimize(clean, {
        path: file,
        multipass: true,
        plugins: [
          { name: 'preset-default', params: { overrides: { removeUnknownsAndDefaults: false } } },
          { name: 'prefixIds', params: { prefix: `picto-${name}`, delim: '-' } },
          { name: 'removeAttrs', params: { attrs: ['svg:width', 'svg:height'] } },
        ],
      }).data;
    },
    (text) => (text.startsWith('<svg') ? text : undefined),
  );
}

class LimitError extends Error {}

function tooLarge(bytes: number): string {
  return `picto rejected: ${Math.ceil(bytes / 1024)} KB is larger than a picto may be (${PICTO_LIMITS.bytes / 1024} KB); simplify it or export it again as plain SVG`;
}

function elementName(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#comment');
}

function isEditorName(name: string): boolean {
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')).toLowerCase() : undefined;
  return (
    EDITOR_ELEMENTS.has(name.toLowerCase()) ||
    (prefix !== undefined && prefix !== 'xlink' && prefix !== 'xmlns' && EDITOR_NAMESPACES.includes(prefix)) ||
    (prefix === 'xmlns' && EDITOR_NAMESPACES.includes(name.slice(6).toLowerCase()))
  );
}

/** The element as clean SVG text, or undefined when it is dropped. */
function serialise(node: XmlNode, removals: Removal[], budget: { elements: number }, depth: number): string | undefined {
  const raw = elementName(node)!;
  if (++budget.elements > PICTO_LIMITS.elements) throw new LimitError(`more than ${PICTO_LIMITS.elements} elements; simplify the drawing`);
  if (depth > PICTO_LIMITS.depth) throw new LimitError(`elements nested more than ${PICTO_LIMITS.depth} deep`);
  if (isEditorName(raw)) return undefined;
  const attributes = node[':@'] ?? {};
  const name = ALLOWED_ELEMENTS.get(raw.toLowerCase());
  if (!name || raw.includes(':')) {
    removals.push({ what: startTag(raw, attributes), needle: `<${raw}` });
    return undefined;
  }
  const kept = cleanAttributes(attributes, removals);
  const children = (node[raw] as XmlNode[]).flatMap((child) => {
    if ('#text' in child) return TEXT_ELEMENTS.has(name) ? [escapeXml(decodeXml(String(child['#text'])))] : [];
    const childName = elementName(child);
    if (childName === undefined) return [];
    const inner = serialise(child, removals, budget, depth + 1);
    return inner === undefined ? [] : [inner];
  });
  const open = `<${name}${kept.map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('')}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

function cleanAttributes(attributes: Record<string, string>, removals: Removal[]): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const [raw, encoded] of Object.entries(attributes)) {
    if (isEditorName(raw)) continue;
    const value = decodeXml(encoded);
    const name = ALLOWED_ATTRIBUTES.get(raw.toLowerCase());
    const refuse = (what: string) => removals.push({ what, needle: raw });
    if (/^on/i.test(raw)) refuse(`the ${raw} handler`);
    else if (!name) refuse(`the attribute ${raw}`);
    else if ((name === 'href' || name === 'xlink:href') && !value.trim().startsWith('#')) refuse(`the reference ${raw}="${value}"`);
    else if (name === 'style') {
      const declarations = cleanStyle(value);
      if (declarations.dropped.length > 0) refuse(`style ${declarations.dropped.join('; ')}`);
      if (declarations.kept) kept.push([name, declarations.kept]);
    } else if (!isSafeValue(value)) refuse(`the value ${raw}="${value}"`);
    else kept.push([name, value]);
  }
  return kept;
}

function cleanStyle(style: string): { kept: string; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const declaration of style
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const colon = declaration.indexOf(':');
    const property = declaration.slice(0, Math.max(colon, 0)).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (colon > 0 && STYLE_PROPERTIES.has(property) && isSafeValue(value)) kept.push(`${property}:${value}`);
    else dropped.push(declaration);
  }
  return { kept: kept.join(';'), dropped };
}

function startTag(name: string, attributes: Record<string, string>): string {
  const tag = `<${name}${Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${value}"`)
    .join('')}>`;
  return tag.length > 100 ? `${tag.slice(0, 97)}…>` : tag;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    if (entity[0] !== '#') return NAMED[entity.toLowerCase()]!;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The offset of the first element nested deeper than the limit: start and end tags counted in one pass, comments and CDATA skipped. */
function firstTooDeep(text: string): number | undefined {
  let depth = 0;
  for (const match of text.matchAll(
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[!?][^>]*>|<(\/?)[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g,
  )) {
    if (match[1] === undefined) continue;
    if (match[1] === '/') depth--;
    else if (match[2] !== '/' && ++depth > PICTO_LIMITS.depth + 1) return match.index;
  }
  return undefined;
}

function offsetAt(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

function locate(text: string, needle: string): { line: number; col: number } {
  const index = Math.max(0, text.toLowerCase().indexOf(needle.toLowerCase()));
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}
