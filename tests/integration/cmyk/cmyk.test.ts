import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';
import { runCli } from '../../support/cli.ts';
import { fontsOf, ghostscriptPdfxComplaints, textFillColours, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { cmykRaster, hueOf, renderSide, type Box } from '../../support/registration.ts';

const TEAL = '#1c7c8c';
const RED = '#c0392b';

/**
 * The mini deck with its two cards in two categories of clearly different colours, so every back
 * can be told apart, laid out turned on the press sheet: Ghostscript's page auto-rotation would
 * turn such a page.
 */
async function distinctBacksProject(): Promise<TempProject> {
  const project = await tempProject(['mini']);
  await project.edit('deck/mini/deck.yaml', (text) =>
    text.replace('    picto: target\n', `    picto: target\n  rood:\n    color: "${RED}"\n    picto: team\n`),
  );
  await project.edit('deck/mini/cards.yaml', (text) => text.replace(/(id: tweede\n\s+template: prompt\n\s+category: )basis/, '$1rood'));
  for (const language of ['nl', 'en']) {
    await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
      text.replace(/(categories:\n {2}basis:\n {4}name: .*\n)/, '$1  rood:\n    name: Rood\n'),
    );
  }
  await project.edit('templates/sheets/press-sra3.yaml', (text) => `${text}grid:\n  rotate: true\n`);
  // The same sheet for a shop that asks PDF/X-1a:2003; only press sheets, so nothing else is printed.
  await writeFile(
    project.file('templates/sheets/press-x1a.yaml'),
    (await readFile(project.file('templates/sheets/press-sra3.yaml'), 'utf8')).replace('kind: press', "kind: press\npdfx: 'PDF/X-1a:2003'"),
  );
  await project.edit('deck/mini/deck.yaml', (text) => text.replace(/^profiles: .*$/m, 'profiles: [press-sra3, press-x1a]'));
  // Words Source Sans 3 sets with a ligature (ft), whose text Ghostscript writes byte-swapped.
  await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('Een korte uitleg.', 'Wie heeft er last van? Een korte uitleg.'));
  return project;
}

describe('--cmyk for the print shop', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await distinctBacksProject();
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('writes the press sheets as PDF/X-3 in CMYK, text still vector with fonts embedded', async () => {
    const icc = '/usr/share/color/icc/ghostscript/default_cmyk.icc';
    const summary = await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, cmyk: true, icc });
    expect(summary.builds[0]!.files).toContain('mini-nl-sheets-press-sra3-cmyk.pdf');
    const file = path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf');
    expect(await tool('pdfinfo', [file])).toMatch(/PDF subtype:\s+PDF\/X-3:2002/);
    expect((await tool('pdfimages', ['-list', file])).trim().split('\n')).toHaveLength(2);
    const fonts = await fontsOf(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font.embedded, font.name).toBe(true);
    const ink = await tool('gs', ['-q', '-o', '-', '-sDEVICE=ink_cov', file]);
    expect(ink).toMatch(/CMYK OK/);
    const intent = await tool('mutool', ['show', file, 'trailer/Root/OutputIntents/1']);
    expect(intent).toContain('/OutputConditionIdentifier (CGATS TR 001)');
    expect(intent).toContain('/Info (Artifex CMYK SWOP Profile)');
    expect(await ghostscriptPdfxComplaints(file)).toEqual([]);
  });

  it('writes the same bytes when the same inputs are built again into another folder, and another /ID for another file', async () => {
    const icc = '/usr/share/color/icc/ghostscript/default_cmyk.icc';
    const again = project.file('dist-again');
    await buildDecks({
      root: project.root,
      out: again,
      languages: ['nl', 'en'],
      previews: false,
      cmyk: true,
      icc,
      force: true,
      allowUnfinished: true,
    });
    const read = (out: string, language: string, profile: string) =>
      readFile(path.join(out, 'mini', language, `mini-${language}-sheets-${profile}-cmyk.pdf`));
    for (const profile of ['press-sra3', 'press-x1a']) {
      const [first, second] = await Promise.all([read(project.out, 'nl', profile), read(again, 'nl', profile)]);
      expect(first.equals(second), profile).toBe(true);
    }
    // The same sheet of the other language: made the same way, of other content.
    const idOf = (bytes: Buffer) => /\/ID\s*\[\s*<([0-9A-Fa-f]+)>/.exec(bytes.toString('latin1'))?.[1];
    const [dutch, english] = await Promise.all([read(again, 'nl', 'press-sra3'), read(again, 'en', 'press-sra3')]);
    expect(idOf(dutch)).toMatch(/^[0-9A-F]{32}$/i);
    expect(idOf(dutch)).not.toBe(idOf(english));
  });

  it('keeps the text of the RGB sheet, ligatures and all, and the PDF version Ghostscript writes for PDF/X (1.3)', async () => {
    for (const [rgb, cmyk, version] of [
      ['mini-nl-sheets-press-sra3.pdf', 'mini-nl-sheets-press-sra3-cmyk.pdf', '1.3'],
      ['mini-nl-sheets-press-x1a.pdf', 'mini-nl-sheets-press-x1a-cmyk.pdf', '1.3'],
    ] as const) {
      const words = async (file: string) =>
        (await tool('pdftotext', [path.join(project.out, 'mini', 'nl', file), '-'])).split(/\s+/).filter((word) => /ft/.test(word));
      expect(await words(rgb)).toContain('heeft');
      expect(await words(cmyk)).toEqual(await words(rgb));
      expect((await readFile(path.join(project.out, 'mini', 'nl', cmyk))).subarray(0, 8).toString('latin1')).toBe(`%PDF-${version}`);
    }
  });

  it("writes PDF/X-1a:2003 where the sheet profile asks for it, passing Ghostscript's PDF/X checks", async () => {
    const file = path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-x1a-cmyk.pdf');
    expect(await tool('pdfinfo', [file])).toMatch(/PDF subtype:\s+PDF\/X-1:2003[\s\S]*\(PDF\/X-1a\)/);
    expect(await tool('mutool', ['show', file, 'trailer/Info'])).toContain('/GTS_PDFXConformance (PDF/X-1a:2003)');
    expect(await ghostscriptPdfxComplaints(file)).toEqual([]);
    const report = await preflightFile(file);
    expect(report.checks.find((check) => check.name === 'transparency')).toMatchObject({
      ok: true,
      detail: 'none: nothing needs flattening',
    });
    expect(report.ok).toBe(true);
  });

  it('registers when rendered: the back of each card lands behind its front after the long-edge turn', async () => {
    const file = path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf');
    const hues = [hueOf(TEAL), hueOf(RED)];
    const dpi = 36;
    const front = await renderSide(file, 1, hues, dpi);
    const back = await renderSide(file, 2, hues, dpi, 'vertical');
    expect([back.width, back.height]).toEqual([front.width, front.height]);
    expect(front.width).toBeLessThan(front.height);
    const slack = 1.5;
    for (const hue of hues) {
      const band = front.hues.get(hue);
      const whole = back.hues.get(hue);
      expect(band, `front in hue ${hue}`).toBeDefined();
      expect(whole, `back in hue ${hue}`).toBeDefined();
      // The front's header band runs to three edges of the card's bleed; its back fills all four.
      const inside = (a: Box, b: Box) =>
        a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
      expect(inside(band!, whole!), `front ${JSON.stringify(band)} inside back ${JSON.stringify(whole)}`).toBe(true);
      const shared = (['left', 'right', 'top', 'bottom'] as const).filter((edge) => Math.abs(band![edge] - whole![edge]) <= slack);
      expect(shared.length, `edges shared by front ${JSON.stringify(band)} and back ${JSON.stringify(whole)}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps every page upright: no /Rotate, as in the RGB file', async () => {
    const info = await tool('pdfinfo', ['-f', '1', '-l', '2', path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf')]);
    expect([...info.matchAll(/Page\s+\d+ rot:\s+(\d+)/g)].map((match) => match[1])).toEqual(['0', '0']);
  });

  it('passes a preflight that reads the CMYK file as a RIP does: faces found, registered, 0.25 pt marks', async () => {
    const report = await preflightFile(path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf'));
    const detail = (name: string) => report.checks.find((check) => check.name === name)?.detail;
    expect(report.ok).toBe(true);
    expect(detail('registration')).toMatch(
      /^1 sheet\(s\): every back face lands behind its own card's front \(each page's face map, in its PieceInfo/,
    );
    expect(detail('hairlines')).toMatch(/thinnest 0\.25 pt/);
    expect(detail('bleed clear')).toMatch(/^4 placed faces/);
    expect(detail('ink')).toMatch(/^total area coverage at most \d+ % .*within the 300 % limit$/);
  });

  it('prints black and grey text on the black plate only, and keeps coloured text coloured', async () => {
    const colours = await textFillColours(path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf'));
    expect(colours.get('0 g'), 'text in the text black (#1d1d1d) as 0 g').toBeGreaterThan(0);
    expect([...colours.keys()].some((colour) => / k$/.test(colour) && !/^0 0 0 /.test(colour))).toBe(true);
    expect([...colours.keys()].filter((colour) => / rg$/.test(colour))).toEqual([]);
  });

  it("lands black text on 100 % K with no cyan, magenta or yellow, in Ghostscript's CMYK raster", async () => {
    const raster = await cmykRaster(path.join(project.out, 'mini', 'nl', 'mini-nl-sheets-press-sra3-cmyk.pdf'), 1, 150);
    const dark = new Map<number, number>();
    for (let at = 0; at < raster.length; at += 4) {
      const [c, m, y, k] = [raster[at]!, raster[at + 1]!, raster[at + 2]!, raster[at + 3]!];
      if (c === 0 && m === 0 && y === 0 && k > 160) dark.set(k, (dark.get(k) ?? 0) + 1);
    }
    // Text is the only near-black on the page: every such pixel must be solid K (255), not 89 % (227).
    expect(dark.get(255) ?? 0).toBeGreaterThan(1000);
    expect([...dark.keys()].filter((k) => k !== 255)).toEqual([]);
  });

  it('says what to install when Ghostscript is missing, without a stack trace', async () => {
    const result = await runCli(['--root', project.root, 'build', '--cmyk', '--no-previews', '--out', project.file('no-gs')], {
      env: { PATH: '/nonexistent' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--cmyk needs Ghostscript: install it');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
