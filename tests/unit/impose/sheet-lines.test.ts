import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { SheetText, type SheetWeight, type TextDirection } from '../../../src/impose/sheet-text.ts';

/** Every candidate line shaped whole, the way a line breaker that takes no shortcut decides. */
function shapedEveryTime(text: SheetText, paragraph: string, size: number, measure: number, weight: SheetWeight): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && text.width(candidate, size, weight) > measure) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  return [...lines, line];
}

const DUTCH =
  'Print de vellen dubbelzijdig, gekeerd over de lange zijde. Snijd langs de snijlijnen; de achterkanten vallen achter hun voorkanten. Leg het kalibratievel tegen het licht: staan de kruizen niet op elkaar, vul dan de verschuiving in millimeters in (bijvoorbeeld 1,5 of -0,5) en druk opnieuw af.';
const ARABIC =
  'اطبع الأوراق على الوجهين، مقلوبة على الحافة الطويلة. قص على طول خطوط القص؛ تقع الظهور خلف وجوهها. إذا لم تتطابق العلامات، أدخل الإزاحة بالمليمتر (مثل 1.5) واطبع مرة أخرى.';
const MIXED = 'Kaart “Eerste kaart” (nl) — البطاقة الأولى (ar) — Κάρτα (el) — 63 × 88 mm, 3 mm afloop, vouwlijn ½.';

describe('a cover paragraph broken into lines', () => {
  it.each<[string, string, TextDirection]>([
    ['Dutch', DUTCH, 'ltr'],
    ['Arabic', ARABIC, 'rtl'],
    ['mixed scripts', MIXED, 'ltr'],
  ])('in %s breaks where shaping every candidate line would, at every measure and size', async (_, paragraph, direction) => {
    const doc = await PDFDocument.create();
    const text = await SheetText.create(doc, sheetFontFiles(), paragraph, direction, [400, 700]);
    let compared = 0;
    for (const weight of [400, 700] as const)
      for (const size of [8, 9, 11, 14])
        for (let measure = 40; measure <= 520; measure += 7) {
          const lines = text.lines(paragraph, size, measure, weight);
          expect(lines, `${size} pt, ${measure} pt wide, weight ${weight}`).toEqual(
            shapedEveryTime(text, paragraph, size, measure, weight),
          );
          compared += lines.length;
        }
    expect(compared).toBeGreaterThan(1000);
  });
});
