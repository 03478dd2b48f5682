import fontkit from '@pdf-lib/fontkit';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';
import { mmToPt } from '../../../src/deck/units.ts';
import { readYamlFile } from '../../../src/deck/yaml-source.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { imposeSheets } from '../../../src/impose/impose-sheets.ts';
import { sheetFontFiles } from '../../../src/impose/sheet-font-file.ts';
import { SheetProfileSchema, type SheetProfile } from '../../../src/deck/sheet-profile-schema.ts';
import { REPO } from '../../support/fixtures.ts';
import { tool } from '../../support/pdf-tools.ts';

const fontFiles = sheetFontFiles();

/** Every glyph's text in each Type 0 font's ToUnicode map (fonts by name): what a reader extracts. */
function unicodeMaps(doc: PDFDocument): Map<string, Map<number, string>> {
  const maps = new Map<string, Map<number, string>>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString() !== '/Type0') continue;
    const name = object.lookup(PDFName.of('BaseFont'), PDFName).decodeText();
    const cmap = new TextDecoder().decode(decodePDFRawStream(object.lookup(PDFName.of('ToUnicode')) as PDFRawStream).decode());
    const map = maps.get(name) ?? new Map<number, string>();
    for (const [, id, hex] of cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g)) {
      map.set(parseInt(id!, 16), String.fromCharCode(...hex!.match(/.{4}/g)!.map((unit) => parseInt(unit, 16))));
    }
    maps.set(name, map);
  }
  return maps;
}

const geometry = {
  trimWidth: mmToPt(74),
  trimHeight: mmToPt(105),
  bleed: mmToPt(3),
  safe: mmToPt(5),
  width: mmToPt(80),
  height: mmToPt(111),
};

/** Three boxed faces (two fronts, one back), as the print stage hands them over. */
async function facesPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 3; i++) {
    const page = doc.addPage([geometry.width, geometry.height]);
    page.drawRectangle({ x: 0, y: 0, width: geometry.width, height: geometry.height, borderWidth: 1 });
    page.setTrimBox(geometry.bleed, geometry.bleed, geometry.trimWidth, geometry.trimHeight);
    page.setBleedBox(0, 0, geometry.width, geometry.height);
  }
  return doc.save();
}

async function schoolProfile(change: (p: SheetProfile) => SheetProfile = (p) => p): Promise<SheetProfile> {
  const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', 'school-a4.yaml'));
  return change(validateSource(read.source!, SheetProfileSchema).value!);
}

const cover = {
  title: 'Proefdeck',
  subtitle: 'Ondertitel',
  heading: 'Zo print je de kaarten',
  steps: ['Dubbelzijdig, lange zijde.', 'Schaal 100 %.'],
  calibration: 'Houd het vel tegen het licht.',
};
const slug = { deck: 'Proefdeck', language: 'nl', sheet: 'Vel', front: 'voorkanten', back: 'achterkanten' };

describe('school sheets', () => {
  it('start with a cover in the deck language and the calibration back, then fronts and backs in pairs', async () => {
    const imposed = await imposeSheets({
      faces: await facesPdf(),
      geometry,
      profileName: 'school-a4',
      profile: await schoolProfile(),
      slug,
      cover,
      fontFiles,
      cards: [
        { id: 'a', front: 0, back: 2, count: 3 },
        { id: 'b', front: 1, back: 2, count: 2 },
      ],
    });
    expect(imposed.sheets).toBe(2);
    expect(imposed.doc.getPageCount()).toBe(2 + 2 * 2);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-cover-'));
    try {
      const file = path.join(dir, 'school.pdf');
      await writeFile(file, await imposed.doc.save());
      const first = await tool('pdftotext', ['-f', '1', '-l', '1', file, '-']);
      expect(first).toContain('Zo print je de kaarten');
      expect(first).toContain('Dubbelzijdig, lange zijde.');
      const sheet = await tool('pdftotext', ['-f', '3', '-l', '3', file, '-']);
      expect(sheet).toContain('Proefdeck · nl · school-a4 · Vel 1/2 · voorkanten');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('moves the backs against the misregistration measured on the calibration sheet', async () => {
    const cards = [{ id: 'a', front: 0, back: 2, count: 1 }];
    const straight = await imposeSheets({
      faces: await facesPdf(),
      geometry,
      profileName: 'school-a4',
      profile: await schoolProfile(),
      slug,
      cards,
      fontFiles,
    });
    const measured = { x: mmToPt(1.5), y: mmToPt(-0.5) };
    const corrected = await imposeSheets({
      faces: await facesPdf(),
      geometry,
      profileName: 'school-a4',
      slug,
      cards,
      fontFiles,
      profile: await schoolProfile((p) => ({ ...p, duplex: { flip: 'long-edge', plates: 'sheetwise', backOffset: measured } })),
    });
    const back = (result: typeof straight) => result.placements.find((p) => p.side === 'back')!.rect;
    expect(back(corrected).x - back(straight).x).toBeCloseTo(measured.x, 6);
    expect(back(corrected).y - back(straight).y).toBeCloseTo(-measured.y, 6);
    const front = (result: typeof straight) => result.placements.find((p) => p.side === 'front')!.rect;
    expect(front(corrected)).toEqual(front(straight));
  });

  it('sets the cover text shaped (ligatures, kerning) with every letter extractable, and the scale numbers apart from each other', async () => {
    const words = {
      ...cover,
      steps: ["Turn 'fit to page' off, take the file as it is.", 'Type the backOffset: office printers differ.', 'AVATAR'],
    };
    const imposed = await imposeSheets({
      faces: await facesPdf(),
      geometry,
      profileName: 'school-a4',
      profile: await schoolProfile(),
      slug,
      cover: words,
      fontFiles,
      cards: [{ id: 'a', front: 0, back: 2, count: 1 }],
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-cover-'));
    try {
      const file = path.join(dir, 'school.pdf');
      await writeFile(file, await imposed.doc.save());
      const text = (await tool('pdftotext', ['-f', '1', '-l', '1', file, '-'])).replace(/\s+/g, ' ');
      for (const step of words.steps) expect(text).toContain(step);
      // Shaped: "ff" is drawn as Source Sans's one ligature glyph, which reads back as both letters.
      const maps = [...unicodeMaps(imposed.doc).values()];
      expect(maps.some((map) => [...map.values()].includes('ff'))).toBe(true);
      // Kerned: "AVATAR" as a reader measures it is as wide as shaped, narrower than its letters' advances.
      const avatar = [
        ...(await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])).matchAll(
          /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">AVATAR<\/word>/g,
        ),
      ];
      expect(avatar).toHaveLength(1);
      const drawn = Number(avatar[0]![2]) - Number(avatar[0]![1]);
      const sans = fontkit.create(await readFile(BUNDLED_FONTS[0]!.file));
      const unkerned =
        ([...'AVATAR'].reduce((sum, letter) => sum + sans.glyphForCodePoint(letter.codePointAt(0)!).advanceWidth, 0) * 11) /
        sans.unitsPerEm;
      expect(drawn).toBeLessThan(unkerned - 1);
      const words1 = [
        ...(await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])).matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({ x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), text: m[5] }));
      // pdftotext's boxes run from the font's descender to its ascender, 1.4 times the size: the
      // digits' ink is the middle half, so that is what must not meet.
      const labels = words1
        .filter((w) => /^[+\u2212]\d$/.test(w.text!))
        .map((w) => {
          const quarter = (w.y2 - w.y1) / 4;
          return { ...w, y1: w.y1 + quarter, y2: w.y2 - quarter };
        });
      expect(labels).toHaveLength(5 * 12);
      const overlapping = labels.flatMap((a, i) =>
        labels
          .slice(i + 1)
          .filter((b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2)
          .map((b) => `${a.text} on ${b.text}`),
      );
      expect(overlapping).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('draws an Arabic cover and slug in the bundled Arabic font: shaped (joining forms), right to left, extractable word by word', async () => {
    const arabic = {
      title: 'بطاقات الحوار',
      subtitle: 'بطاقات للمحادثة في مجموعات صغيرة',
      heading: 'كيف تطبع البطاقات',
      steps: ['اطبع على الوجهين، اقلب على الحافة الطويلة.', 'اطبع بنسبة 100 % (بدون ملاءمة الصفحة).'],
      calibration: 'أمسك الورقة أمام الضوء.',
    };
    const arabicSlug = { deck: 'بطاقات الحوار', language: 'ar', sheet: 'ورقة', front: 'الوجه', back: 'الظهر' };
    const imposed = await imposeSheets({
      faces: await facesPdf(),
      geometry,
      profileName: 'school-a4',
      profile: await schoolProfile(),
      slug: arabicSlug,
      cover: arabic,
      fontFiles,
      direction: 'rtl',
      cards: [{ id: 'a', front: 0, back: 2, count: 1 }],
    });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-arabic-'));
    try {
      const file = path.join(dir, 'school.pdf');
      await writeFile(file, await imposed.doc.save());
      const fonts = await tool('pdffonts', [file]);
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSansArabic-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSansArabic-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      // Every word reads back in its own letters (pdftotext orders right-to-left lines itself).
      const cover1 = (await tool('pdftotext', ['-f', '1', '-l', '1', file, '-'])).replace(/[\u202a-\u202e]/g, '');
      for (const line of [arabic.title, arabic.subtitle, arabic.heading, ...arabic.steps, arabic.calibration]) {
        for (const word of line
          .replace(/[().،]/g, ' ')
          .split(/\s+/)
          .filter(Boolean))
          expect(cover1, word).toContain(word);
      }
      const sheet = (await tool('pdftotext', ['-f', '3', '-l', '3', file, '-'])).replace(/[\u202a-\u202e]/g, '');
      for (const word of ['بطاقات', 'الحوار', 'ورقة', 'الوجه']) expect(sheet, word).toContain(word);
      // Joined: one letter is drawn with several glyphs (its initial, medial and final forms).
      const arabicMap = [...unicodeMaps(imposed.doc)]
        .filter(([name]) => name.includes('NotoSansArabic'))
        .flatMap(([, map]) => [...map.values()]);
      const forms = (letter: string) => arabicMap.filter((text) => text === letter).length;
      expect(Math.max(...[...'بتلحو'].map(forms))).toBeGreaterThanOrEqual(2);
      // Right to left: the lines end at the right margin (32 mm) and start where their length says
      // (the slug in the bottom margin, 10 mm from the edge, is not one of the cover's lines).
      const ends = [
        ...(await tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])).matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*[\u0600-\u06ff][^<]*)<\/word>/g,
        ),
      ]
        .filter((m) => Number(m[2]) < mmToPt(297 - 10))
        .map((m) => Number(m[3]));
      expect(Math.max(...ends)).toBeCloseTo(mmToPt(210 - 32), 0);
      expect(Math.min(...ends)).toBeGreaterThan(mmToPt(105));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fold-over: one page per sheet, each back mirrored across the fold line and upright', async () => {
    const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', 'school-a4-fold.yaml'));
    const profile = validateSource(read.source!, SheetProfileSchema).value!;
    for (const fold of ['vertical', 'horizontal'] as const) {
      const imposed = await imposeSheets({
        faces: await facesPdf(),
        geometry,
        profileName: 'school-a4-fold',
        slug,
        cover,
        fontFiles,
        profile: { ...profile, foldOver: { ...profile.foldOver!, fold } },
        cards: [
          { id: 'a', front: 0, back: 2, count: 3 },
          { id: 'b', front: 1, back: 2, count: 2 },
        ],
      });
      expect(imposed.pagesPerSheet).toBe(1);
      expect(imposed.doc.getPageCount()).toBe(1 + imposed.sheets);
      const [width, height] = [mmToPt(210), mmToPt(297)];
      const fronts = imposed.placements.filter((p) => p.side === 'front');
      const backs = imposed.placements.filter((p) => p.side === 'back');
      expect(backs).toHaveLength(5);
      fronts.forEach((front, i) => {
        const back = backs[i]!;
        if (fold === 'vertical') {
          expect(front.rect.x + front.rect.width).toBeLessThan(width / 2);
          expect(back.rect.x).toBeCloseTo(width - front.rect.x - front.rect.width, 6);
          expect(back.rect.y).toBeCloseTo(front.rect.y, 6);
          expect(back.rotation - front.rotation).toBe(imposed.grid.rotated ? 180 : 0);
        } else {
          expect(front.rect.y).toBeGreaterThan(height / 2);
          expect(back.rect.y).toBeCloseTo(height - front.rect.y - front.rect.height, 6);
          expect(back.rect.x).toBeCloseTo(front.rect.x, 6);
          expect(back.rotation - front.rotation).toBe(imposed.grid.rotated ? 0 : 180);
        }
      });
    }
  });

  it('keeps the slug and the cut lines out of the unprintable 5 mm band and clear of each other, read back with mutool and pdftotext', async () => {
    const band = mmToPt(5);
    for (const name of ['school-a4', 'school-letter', 'school-a4-fold']) {
      const read = await readYamlFile(path.join(REPO, 'templates', 'sheets', `${name}.yaml`));
      const profile = validateSource(read.source!, SheetProfileSchema).value!;
      const imposed = await imposeSheets({
        faces: await facesPdf(),
        geometry,
        profileName: name,
        profile,
        slug: { ...slug, deck: 'Een nogal lange titel van een kaartenset' },
        cover,
        fontFiles,
        cards: [{ id: 'a', front: 0, back: 2, count: 4 }],
      });
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-slug-'));
      try {
        const file = path.join(dir, 'sheet.pdf');
        await writeFile(file, await imposed.doc.save());
        const first = profile.foldOver ? 2 : 3;
        for (let number = first; number <= imposed.doc.getPageCount(); number++) {
          const { width, height } = imposed.doc.getPage(number - 1).getSize();
          // Device space, y down: the marks drawn in 100 % K at page level, and the slug's words.
          const trace = await tool('mutool', ['trace', file, String(number)]);
          const lines = [
            ...trace.matchAll(
              /<stroke_path [^>]*colorspace="DeviceCMYK" color="0 0 0 1"[^>]*transform="([^"]+)">\s*<moveto x="([^"]+)" y="([^"]+)"\/>\s*<lineto x="([^"]+)" y="([^"]+)"\/>/g,
            ),
          ].map((m) => {
            const [a, b, c, d, e, f] = m[1]!.split(' ').map(Number) as [number, number, number, number, number, number];
            const at = (x: number, y: number) => ({ x: a * x + c * y + e, y: b * x + d * y + f });
            const [p, q] = [at(Number(m[2]), Number(m[3])), at(Number(m[4]), Number(m[5]))];
            return { x1: Math.min(p.x, q.x), y1: Math.min(p.y, q.y), x2: Math.max(p.x, q.x), y2: Math.max(p.y, q.y) };
          });
          expect(lines.length, `${name} page ${number}: cut lines`).toBeGreaterThan(0);
          for (const line of lines) {
            expect(
              Math.min(line.x1, line.y1, width - line.x2, height - line.y2),
              `${name} page ${number}: a line in the band`,
            ).toBeGreaterThanOrEqual(band - 0.01);
          }
          const words = [
            ...(await tool('pdftotext', ['-bbox', '-f', String(number), '-l', String(number), file, '-'])).matchAll(
              /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g,
            ),
          ].map((m) => ({ x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]) }));
          expect(words.length, `${name} page ${number}: the slug`).toBeGreaterThan(5);
          for (const word of words) {
            expect(height - word.y2, `${name} page ${number}: slug in the band`).toBeGreaterThanOrEqual(band - 0.01);
            const crossing = lines.filter((l) => l.x1 < word.x2 && word.x1 < l.x2 && l.y1 < word.y2 && word.y1 < l.y2);
            expect(crossing, `${name} page ${number}: a cut line through the slug`).toEqual([]);
          }
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});
