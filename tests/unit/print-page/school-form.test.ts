import { describe, expect, it } from 'vitest';
import type { PrintPageSet } from '../../../src/print-page/print-kit.ts';
import { schoolForm } from '../../../src/print-page/school-form.ts';
import { shippedUi } from '../../../src/deck/ui-strings.ts';

async function form(language: string): Promise<string> {
  // The deck takes the shipped words: its locale writes no page strings of its own.
  const ui = shippedUi(language);
  const set: PrintPageSet = {
    deck: 'swan',
    language,
    languages: ['nl', 'en'],
    title: 'SWAN',
    subtitle: '',
    languageName: language,
    direction: 'ltr',
    text: ui,
    cards: [{ id: 'a', title: 'A', count: 1 }],
    papers: ['A4'],
    layouts: {},
    inks: ['standard'],
    duplex: true,
  };
  return schoolForm(set, (key) => ui[key] ?? key);
}

/** The example drawing's lines and texts, by their attributes. */
function drawing(html: string) {
  const svg = /<svg[\s\S]*?<\/svg>/.exec(html)![0];
  const [, , width, height] = /viewBox="([\d.\s-]+)"/.exec(svg)![1]!.split(/\s+/).map(Number);
  const numbers = (tag: string, names: string[]) =>
    [...svg.matchAll(new RegExp(`<${tag} ([^>]*)>`, 'g'))].map((match) =>
      Object.fromEntries(names.map((name) => [name, Number(new RegExp(`${name}="([-\\d.]+)"`).exec(match[1]!)?.[1])])),
    );
  return {
    label: /aria-label="([^"]*)"/.exec(svg)![1]!,
    width: width!,
    height: height!,
    lines: numbers('line', ['x1', 'y1', 'x2', 'y2']),
    texts: [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map((match) => ({
      x: Number(/x="([-\d.]+)"/.exec(match[1]!)![1]),
      y: Number(/y="([-\d.]+)"/.exec(match[1]!)![1]),
      text: match[2]!,
    })),
  };
}

describe("the print page's calibration example", () => {
  it.each([
    ['nl', '1,5 (rechts is plus)', '\u22120,5 (onder is min)'],
    ['en', '1.5 (right is plus)', '\u22120.5 (below is minus)'],
  ])('in %s, names both numbers to type with their signs', async (language, x, y) => {
    const { label } = drawing(await form(language));
    expect(label).toContain(x);
    expect(label).toContain(y);
  });

  it('draws every tick inside the picture, numbers both scales, and the bold cross off both axes', async () => {
    const { lines, texts, width, height } = drawing(await form('nl'));
    for (const line of lines) {
      for (const x of [line.x1!, line.x2!]) expect(x >= 0 && x <= width, `x ${x} inside 0-${width}`).toBe(true);
      for (const y of [line.y1!, line.y2!]) expect(y >= 0 && y <= height, `y ${y} inside 0-${height}`).toBe(true);
    }
    const [horizontal, vertical] = lines;
    const scaleY = horizontal!.y1!;
    const scaleX = vertical!.x1!;
    const labels = texts.filter((text) => /^[+\u2212]\d$/.test(text.text));
    expect(labels.filter((text) => text.x === scaleX - 8).map((text) => text.text)).toEqual(expect.arrayContaining(['+2', '\u22122']));
    expect(labels.filter((text) => text.y === scaleY - 9).map((text) => text.text)).toEqual(expect.arrayContaining(['+2', '\u22122']));
    // The bold cross: its arms are the two lines drawn 4 wide, after the scales.
    const bold = lines.slice(-2);
    const arm = bold.find((line) => line.y1 === line.y2)!;
    expect(arm.y1).toBeGreaterThan(scaleY);
    expect(texts.map((text) => text.text)).toEqual(expect.arrayContaining(['\u2194 1,5', '\u2195 \u22120,5']));
  });

  it('leaves the calibration sheet\'s own wording on the sheet: the page says what to type, not "hold this sheet"', async () => {
    const html = await form('nl');
    expect(html).not.toContain('houd dit vel tegen het licht');
    expect(html).not.toContain('het midden');
  });
});
