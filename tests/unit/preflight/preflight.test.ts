import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cmyk, PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightFile, type PreflightReport } from '../../../src/preflight/preflight.ts';
import { runCli } from '../../support/cli.ts';

const MM = 72 / 25.4;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-preflight-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A card-sized page pair with exact boxes, which `spoil` then breaks in one way. */
async function pdf(name: string, spoil: (doc: PDFDocument) => Promise<void> | void): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage([80 * MM, 111 * MM]);
    page.setBleedBox(0, 0, 80 * MM, 111 * MM);
    page.setTrimBox(3 * MM, 3 * MM, 74 * MM, 105 * MM);
  }
  await spoil(doc);
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, await doc.save());
  return file;
}

const check = (report: PreflightReport, name: string) => report.checks.find((c) => c.name === name)!;

describe('preflight finds what a print shop would reject', () => {
  it('passes a clean card file', async () => {
    const report = await preflightFile(await pdf('clean', () => undefined));
    expect(report.ok).toBe(true);
    expect(check(report, 'boxes').detail).toContain('bleed 3.00 mm');
  });

  it('fails a page without a TrimBox', async () => {
    const report = await preflightFile(await pdf('no-trim', (doc) => { doc.getPage(1).node.delete(doc.context.obj('TrimBox') as never); }));
    expect(check(report, 'boxes')).toMatchObject({ ok: false, detail: expect.stringContaining('page 2: TrimBox missing') });
  });

  it('fails a bleed under 3 mm', async () => {
    const report = await preflightFile(await pdf('thin-bleed', (doc) => doc.getPage(0).setTrimBox(1 * MM, 3 * MM, 78 * MM, 105 * MM)));
    expect(check(report, 'boxes')).toMatchObject({ ok: false, detail: expect.stringContaining('bleed 1.00 mm') });
  });

  it('fails a font that is not embedded', async () => {
    const report = await preflightFile(await pdf('standard-font', async (doc) => {
      doc.getPage(0).drawText('Helvetica', { font: await doc.embedFont(StandardFonts.Helvetica), x: 20, y: 100 });
    }));
    expect(check(report, 'fonts')).toMatchObject({ ok: false, detail: 'not embedded: Helvetica' });
  });

  it('fails a hairline thinner than 0.25 pt', async () => {
    const report = await preflightFile(await pdf('hairline', (doc) => doc.getPage(0).drawLine({ start: { x: 20, y: 20 }, end: { x: 100, y: 20 }, thickness: 0.1, color: cmyk(0, 0, 0, 1) })));
    expect(check(report, 'hairlines')).toMatchObject({ ok: false, detail: expect.stringContaining('thinner than 0.25 pt') });
  });

  it('fails an image under 300 ppi', async () => {
    const report = await preflightFile(await pdf('low-res', async (doc) => {
      const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c33' } }).png().toBuffer();
      doc.getPage(0).drawImage(await doc.embedPng(png), { x: 20, y: 20, width: 144, height: 144 });
    }));
    expect(check(report, 'images')).toMatchObject({ ok: false, detail: expect.stringContaining('lowest 10 ppi') });
  });

  it('fails an odd page count, which cannot print double-sided', async () => {
    const report = await preflightFile(await pdf('odd', (doc) => doc.removePage(1)));
    expect(check(report, 'duplex').ok).toBe(false);
  });

  it('fails a mark drawn inside a card on an imposed sheet', async () => {
    const report = await preflightFile(await pdf('mark-in-bleed', async (doc) => {
      const [face] = await doc.embedPages([doc.getPage(0)]);
      for (const page of doc.getPages()) {
        page.setMediaBox(0, 0, 210 * MM, 297 * MM);
        page.setBleedBox(20 * MM, 20 * MM, 80 * MM, 111 * MM);
        page.setTrimBox(23 * MM, 23 * MM, 74 * MM, 105 * MM);
        page.drawPage(face!, { x: 20 * MM, y: 20 * MM });
        page.drawLine({ start: { x: 50 * MM, y: 10 * MM }, end: { x: 50 * MM, y: 22 * MM }, thickness: 0.25, color: cmyk(0, 0, 0, 1) });
      }
    }));
    expect(check(report, 'bleed clear')).toMatchObject({ ok: false, detail: expect.stringContaining('page 1') });
  });

  it('prints a readable report and exits 1 from the command line', async () => {
    const result = await runCli(['preflight', await pdf('cli-odd', (doc) => doc.removePage(1))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL {2}.*cli-odd\.pdf \(1 pages\)/);
    expect(result.stdout).toMatch(/FAIL {2}duplex/);
    expect((await runCli(['preflight', path.join(dir, 'clean.pdf')])).code).toBe(0);
  });
});
