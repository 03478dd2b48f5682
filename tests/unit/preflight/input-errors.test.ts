import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preflightFiles } from '../../../src/preflight/preflight.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * What people pass preflight that is no PDF to check: a folder (deck instead of deck/*.pdf), a
 * name that is not there, a PDF cut off in a copy. Each is one line at its name, exit 1, and the
 * files that are PDFs are still checked.
 */

let project: TempProject;
beforeEach(async () => {
  project = await tempProject([]);
  await mkdir(project.file('deck'));
  const doc = await PDFDocument.create();
  for (let page = 0; page < 2; page++) {
    const added = doc.addPage([200, 260]);
    added.setBleedBox(0, 0, 200, 260);
    added.setTrimBox(9, 9, 182, 242);
  }
  const bytes = await doc.save();
  await writeFile(project.file('good.pdf'), bytes);
  // Cut as a broken download leaves it: the header is there, the cross-reference table is not.
  await writeFile(project.file('cut.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
});
afterEach(async () => {
  await project.cleanup();
});

describe('preflight of what is no PDF', () => {
  it('says of a folder, a missing file and a cut-off PDF one located line each, exits 1, and still checks the rest', async () => {
    const result = await runCli(['preflight', 'deck', 'missing.pdf', 'cut.pdf', 'good.pdf'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^PASS {2}good\.pdf \(2 pages\)$/m);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      `deck: is a folder, not a PDF; name the PDF files, e.g. ${path.join('deck', '*.pdf')}`,
      'missing.pdf: no such file; check the name, or build first (kaartenset build)',
      expect.stringMatching(/^cut\.pdf: a damaged or cut-off PDF: it cannot be read \(.*\); export or download it again$/),
    ]);
  });

  it('gives each as a problem with its code, and the reports of the files it could read', async () => {
    const files = ['deck', 'missing.pdf', 'cut.pdf', 'good.pdf'].map((name) => project.file(name));
    const { reports, problems } = await preflightFiles(files);
    expect(reports.map((report) => report.file)).toEqual([project.file('good.pdf')]);
    expect(problems.map(({ code, location }) => ({ code, location }))).toEqual([
      { code: 'file-is-folder', location: { file: project.file('deck') } },
      { code: 'file-not-found', location: { file: project.file('missing.pdf') } },
      { code: 'pdf-unreadable', location: { file: project.file('cut.pdf') } },
    ]);
  });

  it('exits 1 for a folder given alone, without a stack trace', async () => {
    const result = await runCli(['preflight', 'deck'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/EISDIR|\n\s+at /);
  });
});
