import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LoadedDeck } from '../deck/load-deck.ts';
import { lineProblem, type Problem } from '../shared/errors.ts';
import {
  applyTranslations,
  failedImport,
  importProblem,
  otherLanguage,
  translationRows,
  type ApplyOptions,
  type ImportResult,
  type ImportedRow,
  type TextRooms,
  type TranslationRow,
} from './translation-table.ts';

export type XliffVersion = '1.2' | '2.0';

/** An element as fast-xml-parser's ordered form spells it: { name: children, ':@': attributes }. */
type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const element = (name: string, attributes: Record<string, string>, children: XmlNode[]): XmlNode =>
  Object.keys(attributes).length > 0 ? { [name]: children, ':@': attributes } : { [name]: children };
const text = (value: string): XmlNode => ({ '#text': value });

/**
 * XLIFF for translation tools (memoQ, Trados, OmegaT, Weblate), built as an XML tree, never as
 * text: one <file> per deck, one unit per string (id deck:key) with its state, the card and field
 * as a note, and for a stale unit the source text it was translated from as a second note.
 */
export async function exportXliff(
  decks: LoadedDeck[],
  language: string,
  version: XliffVersion = '1.2',
  rooms?: TextRooms,
): Promise<string> {
  const rows = await translationRows(decks, language, rooms);
  const files = decks.map((deck) => {
    const mine = rows.filter((row) => row.key.startsWith(`${deck.meta.id}:`));
    return version === '1.2'
      ? element(
          'file',
          { original: deck.meta.id, 'source-language': deck.meta.sourceLanguage, 'target-language': language, datatype: 'plaintext' },
          [element('body', {}, mine.map(unit12))],
        )
      : element('file', { id: deck.meta.id }, mine.map(unit20));
  });
  const sourceLanguage = decks[0]?.meta.sourceLanguage ?? 'nl';
  const root =
    version === '1.2'
      ? element('xliff', { version: '1.2', xmlns: 'urn:oasis:names:tc:xliff:document:1.2' }, files)
      : element(
          'xliff',
          { version: '2.0', xmlns: 'urn:oasis:names:tc:xliff:document:2.0', srcLang: sourceLanguage, trgLang: language },
          files,
        );
  const builder = new XMLBuilder({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: false,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([root]).trim()}\n`;
}

function unit12(row: TranslationRow): XmlNode {
  // A copy of the source waits for a translation, or for a reviewer to set it final.
  const state =
    row.translation === '' ? 'new' : row.stale ? 'needs-review-translation' : row.sameAsSource ? 'needs-translation' : 'translated';
  // approved="yes" is what translate-toolkit, Okapi and others read as "confirmed"; state alone is not.
  const approved: Record<string, string> = state === 'translated' ? { approved: 'yes' } : {};
  return element('trans-unit', { id: row.key, ...approved, 'xml:space': 'preserve' }, [
    element('source', {}, [text(row.source)]),
    element('target', { state }, [text(row.translation)]),
    element('note', { from: 'kaartenset' }, [text(row.note)]),
    ...(row.previousSource === undefined
      ? []
      : [element('note', { from: 'kaartenset', annotates: 'source' }, [text(`previous source: ${row.previousSource}`)])]),
  ]);
}

/** XLIFF 2.0 knows initial, translated, reviewed, final: a stale translation is initial again, with a sub-state saying why. */
function unit20(row: TranslationRow): XmlNode {
  const state: Record<string, string> =
    row.translation === ''
      ? { state: 'initial' }
      : row.stale
        ? { state: 'initial', subState: 'kaartenset:needs-review' }
        : row.sameAsSource
          ? { state: 'initial', subState: 'kaartenset:same-as-source' }
          : { state: 'translated' };
  const notes = [
    element('note', { category: 'context' }, [text(row.note)]),
    ...(row.previousSource === undefined ? [] : [element('note', { category: 'previous-source' }, [text(row.previousSource)])]),
  ];
  return element('unit', { id: row.key }, [
    element('notes', {}, notes),
    element('segment', state, [
      element('source', { 'xml:space': 'preserve' }, [text(row.source)]),
      element('target', { 'xml:space': 'preserve' }, [text(row.translation)]),
    ]),
  ]);
}

/** Inline elements whose content is text the translator wrote: kept as that text. */
const TEXT_WRAPPERS = new Set(['g', 'mrk', 'pc']);
/** Inline elements that stand for something that is not text (a placeholder, a code): kaartenset strings have none. */
const PLACEHOLDERS = new Set(['x', 'bx', 'ex', 'ph', 'bpt', 'ept', 'it', 'sub', 'sc', 'ec', 'sm', 'em', 'cp']);

class UnitProblem extends Error {}

/**
 * Reads XLIFF 1.2 or 2.0 back through the same checks as the spreadsheet import: the source each
 * unit carries is recorded as what its translation was made from; a unit marked needs-review stays
 * stale. Units may sit in <group>s; <g>, <mrk> and <pc> are read as their text; placeholders,
 * a DOCTYPE (entities could read files or grow without bound) and non-XLIFF files are refused.
 */
export async function importXliff(
  decks: LoadedDeck[],
  language: string,
  file: string,
  content: string,
  options: ApplyOptions = {},
): Promise<ImportResult> {
  const at = (line: number | undefined, message: string): Problem => importProblem(file, line, message);
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(content);
  if (doctype) {
    const line = content.slice(0, doctype.index).split('\n').length;
    const col = doctype.index - content.lastIndexOf('\n', doctype.index - 1);
    return failedImport([
      lineProblem(
        'import-invalid',
        file,
        line,
        `a <!${doctype[1]!.toUpperCase()}> declaration: XLIFF needs none, and entities in it could read other files; remove it`,
        { col },
      ),
    ]);
  }
  const shape = scanXml(content);
  if ('problem' in shape) return failedImport([lineProblem('import-invalid', file, shape.line, shape.problem, { col: shape.col })]);
  const valid = XMLValidator.validate(content);
  if (valid !== true)
    return failedImport([
      lineProblem('import-invalid', file, valid.err.line, `not readable XML: ${abbreviate(valid.err.msg.replace(/\s+/g, ' '))}`, {
        col: valid.err.col,
      }),
    ]);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
  });
  const root = (parser.parse(content) as XmlNode[]).find((node) => nameOf(node) !== undefined && !nameOf(node)!.startsWith('?'));
  if (!root || nameOf(root) !== 'xliff') {
    return failedImport([
      at(
        undefined,
        `not an XLIFF file: the root element is <${root ? nameOf(root) : 'nothing'}>, expected <xliff version="1.2"> or <xliff version="2.0">`,
      ),
    ]);
  }
  const version = attributes(root).version ?? '';
  if (!['1.1', '1.2'].includes(version) && !version.startsWith('2.'))
    return failedImport([at(undefined, `XLIFF version "${version}": kaartenset reads 1.1, 1.2 and 2.x`)]);
  const legacy = !version.startsWith('2.');
  const files = childrenNamed(root, 'file');
  const declared = legacy ? files.map((f) => attributes(f)['target-language']) : [attributes(root).trgLang];
  const wrongLanguage = declared.find((code) => code !== undefined && code.toLowerCase() !== language.toLowerCase());
  if (wrongLanguage) return failedImport([at(undefined, otherLanguage(wrongLanguage, language))]);

  const unitName = legacy ? 'trans-unit' : 'unit';
  const units = files.flatMap((f) => unitsIn(legacy ? childrenNamed(f, 'body') : [f], unitName));
  const lines = shape.starts.get(unitName) ?? [];
  const problems: Problem[] = [];
  const rows: ImportedRow[] = [];
  units.forEach((unit, index) => {
    // The PO header that po2xliff carries along as a unit of its own.
    if (attributes(unit).restype === 'x-gettext-domain-header') return;
    const line = lines[index] ?? 1;
    const id = (legacy ? poLocation(unit) : undefined) ?? attributes(unit).id;
    if (!id) {
      problems.push(at(line, `a <${unitName}> without id: every unit needs the id it was exported with (deck:key)`));
      return;
    }
    try {
      rows.push({ line, key: id, ...(legacy ? read12(unit) : read20(unit)) });
    } catch (error) {
      if (!(error instanceof UnitProblem)) throw error;
      problems.push(at(line, `<${unitName} id="${id}">: ${error.message}`));
    }
  });
  if (units.length === 0 && problems.length === 0)
    return failedImport([at(undefined, `no <${unitName}> in this XLIFF ${version} file: nothing to import`)]);
  return applyTranslations(decks, language, file, rows, problems, options);
}

/** XLIFF 1.2 target states of work still to be done: new, needs-translation, needs-adaptation, needs-l10n, needs-review-*. */
const UNFINISHED_12 = /^(new|needs-.+)$/;
/** States a reviewer sets: they confirm the text as it is, also where it equals its source. */
const CONFIRMED_12 = new Set(['final', 'signed-off']);

/** Unfinished in 1.x: one of those states, or approved="no" (translate-toolkit's mark for fuzzy). */
function read12(unit: XmlNode): Omit<ImportedRow, 'line' | 'key'> {
  const target = childrenNamed(unit, 'target')[0];
  const state = target ? (attributes(target).state ?? '') : '';
  const unfinished = UNFINISHED_12.test(state) ? state : attributes(unit).approved === 'no' ? 'not approved' : undefined;
  return {
    source: textOf(childrenNamed(unit, 'source')[0]),
    translation: textOf(target),
    needsReview: unfinished !== undefined,
    ...(unfinished ? { state: unfinished } : {}),
    confirmed: unfinished === undefined && CONFIRMED_12.has(state),
  };
}

/**
 * translate-toolkit's po2xliff numbers its units and keeps the PO location (#: swan:cards.x.title)
 * split at the colon into a "sourcefile" and a "linenumber": together they are the key.
 */
function poLocation(unit: XmlNode): string | undefined {
  for (const group of childrenNamed(unit, 'context-group')) {
    if (attributes(group).purpose !== 'location') continue;
    const contexts = new Map(childrenNamed(group, 'context').map((context) => [attributes(context)['context-type'], textOf(context)]));
    const file = contexts.get('sourcefile');
    const line = contexts.get('linenumber');
    if (file && line) return `${file}:${line}`;
  }
  return undefined;
}

/** A 2.0 unit may split its text into segments (and ignorables between them): joined in order. */
function read20(unit: XmlNode): Omit<ImportedRow, 'line' | 'key'> {
  const parts = childrenOf(unit).filter((node) => nameOf(node) === 'segment' || nameOf(node) === 'ignorable');
  const segments = parts.filter((node) => nameOf(node) === 'segment');
  return {
    source: parts.map((part) => textOf(childrenNamed(part, 'source')[0])).join(''),
    // An ignorable without a target (whitespace between sentences) keeps its source text.
    translation: parts
      .map((part) =>
        textOf(childrenNamed(part, 'target')[0] ?? (nameOf(part) === 'ignorable' ? childrenNamed(part, 'source')[0] : undefined)),
      )
      .join(''),
    // A segment without a state is initial (XLIFF 2.0, 4.3.1.34): unfinished whatever its target says.
    ...unfinished20(segments.map((segment) => attributes(segment).state ?? 'initial')),
  };
}

/** A unit is as finished as its least finished segment; final on every one confirms it. */
function unfinished20(states: string[]): Pick<ImportedRow, 'needsReview' | 'state' | 'confirmed'> {
  if (states.includes('initial')) return { needsReview: true, state: 'initial' };
  return { needsReview: false, confirmed: states.length > 0 && states.every((state) => state === 'final') };
}

function unitsIn(containers: XmlNode[], unitName: string): XmlNode[] {
  return containers.flatMap((container) =>
    childrenOf(container).flatMap((node) =>
      nameOf(node) === unitName ? [node] : nameOf(node) === 'group' ? unitsIn([node], unitName) : [],
    ),
  );
}

function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  return childrenOf(node)
    .map((child) => {
      if ('#text' in child) return String(child['#text']);
      const name = nameOf(child)!;
      if (TEXT_WRAPPERS.has(name)) return textOf(child);
      if (PLACEHOLDERS.has(name))
        throw new UnitProblem(
          `the inline element <${name}> stands for something that is not text, and card texts are plain text: replace it with the text it stands for`,
        );
      throw new UnitProblem(`unexpected element <${name}> inside the text`);
    })
    .join('');
}

function nameOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[nameOf(node)!];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return childrenOf(node).filter((child) => nameOf(child) === name);
}

function attributes(node: XmlNode): Record<string, string> {
  return node[':@'] ?? {};
}

/** Elements nested deeper than this are refused: XLIFF needs about 10 (groups in groups included). */
export const XLIFF_MAX_DEPTH = 64;

/** The five entities XML predefines; a translation file needs no others (a DOCTYPE that would declare them is refused). */
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * One pass over the XML before it is parsed: the line of each element's start tag by name (the
 * parser keeps no positions), and what the parser would take or die on refused at its line: an
 * entity XML does not define or a character reference to a character XML does not allow, and
 * elements nested deeper than XLIFF_MAX_DEPTH.
 */
function scanXml(content: string): { starts: Map<string, number[]> } | { problem: string; line: number; col: number } {
  const starts = new Map<string, number[]>();
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)(?:[\w.-]+:)?([\w.-]+)([^>]*)>|&([^;&<>\s]*);?/g;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  let depth = 0;
  for (const match of content.matchAll(token)) {
    // Lines counted once, from the last token to this one.
    for (let index = content.indexOf('\n', scanned); index >= 0 && index < match.index; index = content.indexOf('\n', index + 1)) {
      line++;
      lineStart = index + 1;
    }
    scanned = match.index;
    const col = match.index - lineStart + 1;
    const [whole, closing, name, rest, entity] = match;
    if (entity !== undefined) {
      const problem = entityProblem(entity, whole.endsWith(';'));
      if (problem) return { problem, line, col };
      continue;
    }
    if (name === undefined) continue;
    if (closing) {
      depth--;
      continue;
    }
    for (const reference of (rest ?? '').matchAll(/&([^;&<>\s"']*);?/g)) {
      const problem = entityProblem(reference[1]!, reference[0].endsWith(';'));
      if (problem) return { problem, line, col };
    }
    const lines = starts.get(name);
    if (lines) lines.push(line);
    else starts.set(name, [line]);
    if (rest?.endsWith('/')) continue;
    depth++;
    if (depth > XLIFF_MAX_DEPTH)
      return {
        problem: `<${name}> is nested ${depth} elements deep; kaartenset reads XLIFF up to ${XLIFF_MAX_DEPTH} deep (groups within groups included)`,
        line,
        col,
      };
  }
  return { starts };
}

function entityProblem(name: string, terminated: boolean): string | undefined {
  const shown = `&${name}${terminated ? ';' : ''}`;
  if (!terminated) return `"${shown.slice(0, 20)}" is no entity: a & in text is written &amp;`;
  if (XML_ENTITIES.has(name)) return undefined;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!numeric)
    return `the entity ${shown.slice(0, 30)} is not defined in XML (only &amp; &lt; &gt; &quot; &apos; and character references like &#233; are): write the character itself`;
  const code = numeric[1] === undefined ? Number(numeric[2]) : Number.parseInt(numeric[1], 16);
  const allowed =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return allowed
    ? undefined
    : `${shown} refers to a character XML does not allow in text (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

function abbreviate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
