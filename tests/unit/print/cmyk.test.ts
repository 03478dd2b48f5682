import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { runCli } from '../../support/cli.ts';
import { fontsOf, textFillColours, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

describe('--cmyk for the print shop', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(['mini']);
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('writes the press sheets as PDF/X-3 in CMYK, text still vector with fonts embedded', async () => {
    const icc = '/usr/share/color/icc/ghostscript/default_cmyk.icc';
    const summary = await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, cmyk: true, icc });
    expect(summary.builds[0]!.files).toContain('sheets-press-sra3-cmyk.pdf');
    const file = path.join(project.out, 'mini', 'nl', 'sheets-press-sra3-cmyk.pdf');
    expect(await tool('pdfinfo', [file])).toMatch(/PDF subtype:\s+PDF\/X-3:2002/);
    expect((await tool('pdfimages', ['-list', file])).trim().split('\n')).toHaveLength(2);
    const fonts = await fontsOf(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font.embedded, font.name).toBe(true);
    const ink = await tool('gs', ['-q', '-o', '-', '-sDEVICE=ink_cov', file]);
    expect(ink).toMatch(/CMYK OK/);
  });

  it('prints black and grey text on the black plate only, and keeps coloured text coloured', async () => {
    const colours = await textFillColours(path.join(project.out, 'mini', 'nl', 'sheets-press-sra3-cmyk.pdf'));
    const body = [...colours].find(([colour]) => colour.startsWith('0.11'));
    expect(body?.[0]).toMatch(/^0\.11\d* g$/);
    expect([...colours.keys()].some((colour) => / k$/.test(colour) && !/^0 0 0 /.test(colour))).toBe(true);
    expect([...colours.keys()].filter((colour) => / rg$/.test(colour))).toEqual([]);
  });

  it('says what to install when Ghostscript is missing, without a stack trace', async () => {
    const result = await runCli(['--root', project.root, 'build', '--cmyk', '--no-previews', '--out', project.file('no-gs')], { env: { PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--cmyk needs Ghostscript: install it');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
