import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/output/manifest.ts';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { preflightFiles } from '../../../src/preflight/preflight.ts';
import { sharedBuild } from '../../support/built.ts';
import { profileDescribedAs } from '../../support/icc-profiles.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Every PDF under a folder, at any depth. */
async function pdfsUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.pdf'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** What preflight found in each file it failed: empty when every file passes. */
async function failures(files: string[]): Promise<Array<{ file: string; problems: unknown[] }>> {
  const { reports, problems } = await preflightFiles(files);
  expect(problems).toEqual([]);
  return reports.filter((report) => !report.ok).map((report) => ({ file: report.file, problems: report.problems }));
}

describe('preflight raises no false alarm on any file the build makes', () => {
  describe('as built by default', () => {
    let built: string;
    beforeAll(async () => {
      built = await sharedBuild();
    });

    for (const deck of ['swan', 'besluitmodellen'])
      it(`passes every PDF of ${deck}: cards, press and school sheets, worksheet`, { timeout: 600_000 }, async () => {
        const files = await pdfsUnder(path.join(built, deck));
        expect(files.length).toBeGreaterThanOrEqual(30);
        expect(await failures(files)).toEqual([]);
      });
  });

  describe('with --cmyk and a shop profile, PDF/X-1a sheets, die files and the vendors', () => {
    let project: TempProject;

    beforeAll(async () => {
      project = await tempProject(['real:swan', 'real:besluitmodellen', 'mini']);
      // The press profile as a shop asking for PDF/X-1a writes it; SWAN with round corners gets die files.
      await project.edit('templates/sheets/press-sra3.yaml', (text) => text.replace('kind: press', "kind: press\npdfx: 'PDF/X-1a:2003'"));
      await project.edit('deck/swan/deck.yaml', (text) => text.replace(/^cardSize:/m, 'cornerRadius: 3mm\ncardSize:'));
      // The school sheets are RGB and checked in the default build above.
      await project.edit('deck/swan/deck.yaml', (text) =>
        text.replace(/^profiles: .*$/m, 'profiles: [press-sra3, press-sra3-work-and-turn]'),
      );
      const icc = await profileDescribedAs(project.root, 'Coated FOGRA39');
      const options = { root: project.root, out: project.out, languages: ['en'], previews: false, cmyk: true, icc };
      await buildDecks({ ...options, decks: ['swan', 'besluitmodellen'] });
      // The vendors print poker cards: the mini deck's 63 x 88 mm.
      await buildDecks({ ...options, decks: ['mini'], vendors: ['drivethrucards', 'makeplayingcards', 'thegamecrafter'] });
    }, 600_000);
    afterAll(async () => {
      await project.cleanup();
    });

    it('labels the X-1a file X-1a', async () => {
      const manifest = JSON.parse(await readFile(path.join(project.out, 'swan', 'en', 'manifest.json'), 'utf8')) as Manifest;
      expect(manifest.files.find((entry) => entry.file === 'swan-en-sheets-press-sra3-cmyk.pdf')!.label).toMatch(
        /, CMYK, PDF\/X-1a:2003\)$/,
      );
    });

    it('passes every PDF: RGB and CMYK sheets, X-1a and X-3, work-and-turn, die files and a vendor PDF', { timeout: 600_000 }, async () => {
      const files = await pdfsUnder(project.out);
      expect(files.map((file) => path.basename(file))).toEqual(
        expect.arrayContaining([
          'swan-en-sheets-press-sra3-cmyk.pdf',
          'swan-en-sheets-press-sra3-die.pdf',
          'swan-en-sheets-press-sra3-print-and-cut.pdf',
          'swan-en-sheets-press-sra3-print-and-cut-cmyk.pdf',
          'swan-en-sheets-press-sra3-work-and-turn-cmyk.pdf',
          'besluitmodellen-en-sheets-press-sra3-cmyk.pdf',
          'mini-en-vendor-drivethrucards.pdf',
        ]),
      );
      expect(await failures(files)).toEqual([]);
    });

    it('registers each CMYK sheet by card, from the face map in its pages: not by positions only', { timeout: 600_000 }, async () => {
      const sheets = (await pdfsUnder(project.out)).filter((file) => /-sheets-.*-cmyk\.pdf$/.test(file));
      expect(sheets.length).toBeGreaterThanOrEqual(4);
      const { reports } = await preflightFiles(sheets);
      const registration = reports.map((report) => ({
        file: path.basename(report.file),
        detail: report.checks.find((check) => check.name === 'registration')!.detail,
      }));
      expect(registration.filter(({ detail }) => !detail.includes("each page's face map, in its PieceInfo"))).toEqual([]);
    });
  });
});
