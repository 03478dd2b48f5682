import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { tool } from '../../support/pdf-tools.ts';

// An Arabic deck's school sheets, built by the CLI: the cover and the slugs are set in the bundled
// Arabic font, shaped and right to left, and the print page's kit carries that font for the browser.

const PRINT_STRINGS = {
  nl: {
    sheet: 'Vel',
    'front-side': 'voorkanten',
    'back-side': 'achterkanten',
    'print-heading': 'Zo print je de kaarten',
    'print-duplex-long-edge': 'Print dubbelzijdig.',
    'print-duplex-short-edge': 'Print dubbelzijdig, korte zijde.',
    'print-scale': 'Kies schaal 100 %.',
    'print-calibrate': 'Print eerst pagina 1 en 2.',
    'print-cut': 'Snijd de kaarten los.',
    'print-fold-over': 'Print enkelzijdig en vouw.',
    'print-calibration': 'Houd het vel tegen het licht.',
    'file-school': 'Printvellen voor school',
    'file-low-ink': 'weinig inkt',
    'file-grayscale': 'grijs',
    'file-fold-over': 'Vouwvellen',
  },
  ar: {
    sheet: 'ورقة',
    'front-side': 'الوجوه',
    'back-side': 'الظهور',
    'print-heading': 'كيف تطبع البطاقات',
    'print-duplex-long-edge': 'اطبع على الوجهين، اقلب على الحافة الطويلة.',
    'print-duplex-short-edge': 'اطبع على الوجهين، اقلب على الحافة القصيرة.',
    'print-scale': 'اختر مقياس 100 % وأوقف ملاءمة الصفحة.',
    'print-calibrate': 'اطبع الصفحتين 1 و2 وحدهما أولاً.',
    'print-cut': 'قص البطاقات بمحاذاة مسطرة.',
    'print-fold-over': 'اطبع على وجه واحد واطوِ كل ورقة.',
    'print-calibration': 'المعايرة: أمسك هذه الورقة أمام الضوء.',
    'file-school': 'أوراق الطباعة للمدرسة',
    'file-low-ink': 'حبر قليل',
    'file-grayscale': 'تدرج رمادي',
    'file-fold-over': 'أوراق مطوية',
  },
};

let project: TempProject;
let built: { code: number; stderr: string };

beforeAll(async () => {
  project = await tempProject(['rtl']);
  await project.edit('deck/rtl/deck.yaml', (text) => text.replace('profiles: []', 'profiles: [school-a4]'));
  for (const [language, strings] of Object.entries(PRINT_STRINGS)) {
    const lines = Object.entries(strings)
      .map(([key, value]) => `  ${key}: ${JSON.stringify(value)}\n`)
      .join('');
    await project.edit(`deck/rtl/locales/${language}.yaml`, (text) => text.replace('ui:\n', `ui:\n${lines}`));
  }
  built = await runCli(['--root', project.root, 'build', '--deck', 'rtl', '--lang', 'ar', '--no-previews', '--out', project.out], {
    cwd: project.root,
    timeout: 300_000,
  });
}, 360_000);

afterAll(async () => {
  await project.cleanup();
});

describe("an Arabic deck's school sheets", () => {
  it('set the cover and slugs in Noto Sans Arabic, shaped, every word extractable', async () => {
    expect(built.code, built.stderr).toBe(0);
    const file = path.join(project.out, 'rtl', 'ar', 'rtl-ar-sheets-school-a4.pdf');
    const fonts = await tool('pdffonts', [file]);
    expect(fonts).toMatch(/NotoSansArabic-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(fonts).toMatch(/NotoSansArabic-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const cover = (await tool('pdftotext', ['-f', '1', '-l', '1', file, '-'])).replace(/[\u202a-\u202e]/g, '');
    for (const line of ['بطاقات الحوار', PRINT_STRINGS.ar['print-heading'], PRINT_STRINGS.ar['print-cut']]) {
      for (const word of line.replace(/[.،]/g, ' ').split(/\s+/).filter(Boolean)) expect(cover, word).toContain(word);
    }
    const sheet = (await tool('pdftotext', ['-f', '3', '-l', '3', file, '-'])).replace(/[\u202a-\u202e]/g, '');
    expect(sheet).toContain('الوجوه');
  });

  it('gives the print page the Arabic font and the direction, so the browser sets the same cover', async () => {
    const script = await readFile(path.join(project.out, 'rtl', 'ar', 'print-kit.js'), 'utf8');
    const kit = JSON.parse(script.slice(script.indexOf('] = ') + 4, script.lastIndexOf(';'))) as {
      direction: string;
      fonts: Record<string, string[]>;
    };
    expect(kit.direction).toBe('rtl');
    expect(kit.fonts['400']).toHaveLength(2);
    expect(kit.fonts['700']).toHaveLength(2);
  });
});
