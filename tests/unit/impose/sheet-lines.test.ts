import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { SheetText, type TextDirection } from '../../../src/impose/sheet-text.ts';

const DUTCH =
  'Print de vellen dubbelzijdig, gekeerd over de lange zijde. Snijd langs de snijlijnen; de achterkanten vallen achter hun voorkanten. Leg het kalibratievel tegen het licht: staan de kruizen niet op elkaar, vul dan de verschuiving in millimeters in (bijvoorbeeld 1,5 of -0,5) en druk opnieuw af.';
const ARABIC =
  'اطبع الأوراق على الوجهين، مقلوبة على الحافة الطويلة. قص على طول خطوط القص؛ تقع الظهور خلف وجوهها. إذا لم تتطابق العلامات، أدخل الإزاحة بالمليمتر (مثل 1.5) واطبع مرة أخرى.';
const MIXED = 'Kaart “Eerste kaart” (nl) — البطاقة الأولى (ar) — Κάρτα (el) — 63 × 88 mm, 3 mm afloop, vouwlijn ½.';

/** A one-page document with `line` drawn in it, after `before` measured and broken in it; its bytes. */
async function drawn(line: string, direction: TextDirection, before: (text: SheetText) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([400, 200]);
  const text = await SheetText.create(doc, sheetFontFiles(), `${line}\n${DUTCH}\n${ARABIC}\n${MIXED}`, direction, [400, 700]);
  before(text);
  text.draw(page, line, { x: 20, y: 100, size: 10, color: rgb(0, 0, 0), weight: 700 });
  text.finish();
  return doc.save({ useObjectStreams: false });
}

describe('a cover paragraph broken into lines', () => {
  it.each<[string, string, TextDirection]>([
    ['Dutch', DUTCH, 'ltr'],
    ['Arabic', ARABIC, 'rtl'],
    ['mixed scripts', MIXED, 'ltr'],
  ])('in %s takes the longest line that fits, at each measure, size and weight', async (_, paragraph, direction) => {
    const doc = await PDFDocument.create();
    const text = await SheetText.create(doc, sheetFontFiles(), paragraph, direction, [400, 700]);
    for (const weight of [400, 700] as const)
      for (const size of [8, 9, 11, 14])
        for (let measure = 40; measure <= 520; measure += 7) {
          const lines = text.lines(paragraph, size, measure, weight);
          const at = `${size} pt, ${measure} pt wide, weight ${weight}`;
          // Every word, in order, once.
          expect(lines.join(' '), at).toBe(paragraph.split(/\s+/).join(' '));
          for (const [index, line] of lines.entries()) {
            // A word longer than the measure has a line of its own; a line of two or more words fits.
            if (line.includes(' ')) expect(text.width(line, size, weight), at).toBeLessThanOrEqual(measure);
            // The next line's first word would not have fitted on this one.
            const next = lines[index + 1]?.split(' ')[0];
            if (next) expect(text.width(`${line} ${next}`, size, weight), at).toBeGreaterThan(measure);
          }
        }
  });
});

describe('a sheet file', () => {
  it.each<[string, string, TextDirection]>([
    ['Arabic', ARABIC.slice(0, 40), 'rtl'],
    ['Dutch', DUTCH.slice(0, 40), 'ltr'],
  ])('holds the same bytes whatever was measured before it was drawn, in %s', async (_, line, direction) => {
    const plain = await drawn(line, direction, () => undefined);
    const measuredFirst = await drawn(line, direction, (text) => {
      for (const paragraph of [ARABIC, DUTCH, MIXED]) text.lines(paragraph, 9, 200, 700);
      text.width(' ', 10, 700);
    });
    expect(Buffer.from(measuredFirst)).toEqual(Buffer.from(plain));
    // And again, now that the lines are kept from the first file.
    expect(Buffer.from(await drawn(line, direction, (text) => text.lines(ARABIC, 9, 200, 700)))).toEqual(Buffer.from(plain));
  });
});
