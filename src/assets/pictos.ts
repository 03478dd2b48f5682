import { readFile } from 'node:fs/promises';
import { optimize, type CustomPlugin } from 'svgo';
import { type Problem, problem } from '../shared/errors.ts';

export interface PictoResult {
  svg?: string;
  problems: Problem[];
}

interface Removal {
  what: string;
  /** Text to look for in the source, to point at the line. */
  needle: string;
}

const DANGEROUS_ELEMENTS = new Set(['script', 'foreignObject', 'iframe', 'embed', 'object', 'handler', 'listener']);

/**
 * Reads one picto, strips anything that could run or fetch (scripts, event handlers,
 * foreignObject, outside references, imported stylesheets) with a warning per removal, and
 * optimises the rest so it can be inlined many times in one document.
 */
export async function loadPicto(file: string, name: string): Promise<PictoResult> {
  const text = await readFile(file, 'utf8');
  return preparePicto(file, name, text);
}

export function preparePicto(file: string, name: string, text: string): PictoResult {
  const source = { file, text };
  if (/<!ENTITY/i.test(text)) {
    const at = locate(text, '<!ENTITY');
    return { problems: [problem(source, at.line, at.col, 'picto rejected: SVG entity declarations are not allowed (they can expand or read files)')] };
  }
  const removals: Removal[] = [];
  let result: string;
  try {
    result = optimize(text, {
      path: file,
      multipass: true,
      plugins: [
        sanitisePlugin(removals),
        { name: 'preset-default', params: { overrides: { removeUnknownsAndDefaults: false } } },
        { name: 'prefixIds', params: { prefix: `picto-${name}`, delim: '-' } },
        { name: 'removeAttrs', params: { attrs: ['svg:width', 'svg:height'] } },
      ],
    }).data;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { problems: [problem(source, 1, 1, `picto rejected: not a readable SVG (${message})`)] };
  }
  if (!/^<svg[\s>]/.test(result)) {
    return { problems: [problem(source, 1, 1, 'picto rejected: the root element must be <svg>')] };
  }
  if (!/viewBox=/.test(result)) {
    return { problems: [problem(source, 1, 1, 'picto rejected: the <svg> needs a viewBox (pictos use viewBox="0 0 48 48")')] };
  }
  const problems = removals.map((removal) => {
    const at = locate(text, removal.needle);
    return problem(source, at.line, at.col, `removed ${removal.what} from the picto: pictos may not run code or load anything`, 'warning');
  });
  return { svg: result.replace(/^<svg/, `<svg class="picto" aria-hidden="true" focusable="false"`), problems };
}

function sanitisePlugin(removals: Removal[]): CustomPlugin {
  return {
    name: 'sanitise',
    fn: () => ({
      element: {
        enter: (node, parentNode) => {
          if (DANGEROUS_ELEMENTS.has(node.name)) {
            removals.push({ what: `<${node.name}>`, needle: `<${node.name}` });
            parentNode.children = parentNode.children.filter((child) => child !== node);
            return;
          }
          if (node.name === 'style' && /@import|url\(\s*['"]?(?!#)/i.test(JSON.stringify(node.children))) {
            removals.push({ what: 'a <style> that loads an outside stylesheet or file', needle: '<style' });
            parentNode.children = parentNode.children.filter((child) => child !== node);
            return;
          }
          for (const [attribute, value] of Object.entries(node.attributes)) {
            if (/^on/i.test(attribute)) {
              removals.push({ what: `the ${attribute} handler`, needle: attribute });
              delete node.attributes[attribute];
            } else if (/^(xlink:)?href$/.test(attribute) && !value.trim().startsWith('#')) {
              removals.push({ what: `the reference ${attribute}="${value}"`, needle: value });
              delete node.attributes[attribute];
            } else if (/url\(\s*['"]?(?!#)/i.test(value)) {
              removals.push({ what: `the outside url() in ${attribute}`, needle: value });
              delete node.attributes[attribute];
            }
          }
        },
      },
    }),
  };
}

function locate(text: string, needle: string): { line: number; col: number } {
  const index = Math.max(0, text.indexOf(needle));
  const before = text.slice(0, index).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}
