/**
 * What a picto may contain: drawing elements and presentation attributes of SVG 1.1/2, nothing
 * that runs, loads, animates or styles anything outside the picto. Names are SVG's own
 * (case-sensitive in XML); lookups go through lower case so `<SCRIPT>` or `<Circle>` cannot pass
 * by spelling, and what is kept is written back with the canonical name.
 */

const ELEMENTS = [
  'svg',
  'g',
  'defs',
  'symbol',
  'use',
  'path',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'rect',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'pattern',
  'text',
  'tspan',
  'title',
  'desc',
];

/** Elements whose text content is drawn or read; elsewhere text is only layout whitespace. */
export const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['text', 'tspan', 'title', 'desc']);

const GEOMETRY = [
  'id',
  'viewBox',
  'preserveAspectRatio',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'fr',
  'd',
  'points',
  'pathLength',
  'transform',
  'offset',
  'dx',
  'dy',
  'rotate',
  'textLength',
  'lengthAdjust',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'href',
  'xlink:href',
  'xmlns',
  'xmlns:xlink',
  'version',
];

/** Presentation attributes: also the only properties a `style` attribute may set. */
const PRESENTATION = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'opacity',
  'color',
  'clip-path',
  'clip-rule',
  'mask',
  'display',
  'visibility',
  'vector-effect',
  'paint-order',
  'shape-rendering',
  'stop-color',
  'stop-opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
];

const byLowerCase = (names: string[]) => new Map(names.map((name) => [name.toLowerCase(), name]));

export const ALLOWED_ELEMENTS = byLowerCase(ELEMENTS);
export const ALLOWED_ATTRIBUTES = byLowerCase([...GEOMETRY, ...PRESENTATION, 'style']);
export const STYLE_PROPERTIES: ReadonlySet<string> = new Set(PRESENTATION);

/** Editors' bookkeeping (Inkscape, Illustrator, Sketch): dropped without a warning. */
export const EDITOR_NAMESPACES = ['inkscape', 'sodipodi', 'sketch', 'i', 'x', 'graph', 'a', 'dc', 'cc', 'rdf', 'serif'];
export const EDITOR_ELEMENTS: ReadonlySet<string> = new Set(['metadata', 'sodipodi:namedview']);

/** A value may point inside the picto (`#id`, `url(#id)`) and nowhere else. */
export function isSafeValue(value: string): boolean {
  if (/[\\<>]|expression\s*\(|@import|javascript:|data:/i.test(value)) return false;
  return !/url\(/i.test(value.replace(/url\(\s*(['"]?)#[^'")]*\1\s*\)/gi, ''));
}
