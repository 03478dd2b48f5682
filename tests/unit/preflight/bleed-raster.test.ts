import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightFile, type PreflightReport } from '../../../src/preflight/preflight.ts';
import { EnvironmentError } from '../../../src/shared/errors.ts';

/*
 * The bleed-fill check reads a raster that mupdf draws of every page. A face here is 60 x 80 mm
 * of trim with 3 mm of bleed; its artwork is one grey rectangle, drawn to the bleed edge or
 * stopping at the trim.
 */

const MM = 72 / 25.4;
const BLEED = 3 * MM;
const TRIM = { width: 60 * MM, height: 80 * MM };
const MEDIA = { width: TRIM.width + 2 * BLEED, height: TRIM.height + 2 * BLEED };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-bleed-raster-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Artwork = 'to the bleed edge' | 'to the trim' | 'to the left trim';

function addFace(doc: PDFDocument, artwork: Artwork): PDFPage {
  const page = doc.addPage([MEDIA.width, MEDIA.height]);
  page.setBleedBox(0, 0, MEDIA.width, MEDIA.height);
  page.setTrimBox(BLEED, BLEED, TRIM.width, TRIM.height);
  const inset = artwork === 'to the trim' ? BLEED : 0;
  const left = artwork === 'to the bleed edge' ? 0 : BLEED;
  page.drawRectangle({
    x: left,
    y: inset,
    width: MEDIA.width - left - inset,
    height: MEDIA.height - 2 * inset,
    color: rgb(0.5, 0.5, 0.5),
  });
  return page;
}

/** Adds a content stream of raw operators after the page's own. */
function appendToContent(doc: PDFDocument, page: PDFPage, operators: string): void {
  page.node.addContentStream(doc.context.register(doc.context.stream(operators)));
}

async function preflight(name: string, make: (doc: PDFDocument) => void): Promise<PreflightReport> {
  const doc = await PDFDocument.create();
  make(doc);
  const file = path.join(dir, name);
  await writeFile(file, await doc.save({ useObjectStreams: false }));
  return preflightFile(file, { minBleed: BLEED });
}

const codes = (report: PreflightReport) => report.problems.map((problem) => problem.code);

describe('bleed fill, read from the raster mupdf draws', () => {
  it('passes artwork drawn to the bleed edge and finds artwork stopped at the trim, at its page', async () => {
    const report = await preflight('faces.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the trim');
    });
    const found = report.problems.filter((problem) => problem.code === 'bleed-not-filled');
    expect(found.map((problem) => (problem.location as { page: number }).page)).toEqual([2]);
    expect(found[0]!.message).toMatch(/^the artwork of a 60\.0 x 80\.0 mm face stops at its \w+ trim over \d+\.\d mm/);
  });

  it('still reads a page drawn in spite of an operator mupdf does not know (it exits 1 all the same)', async () => {
    const report = await preflight('unknown-operator.pdf', (doc) => {
      appendToContent(doc, addFace(doc, 'to the bleed edge'), 'Xyz');
      appendToContent(doc, addFace(doc, 'to the trim'), 'Xyz');
    });
    expect(report.problems.filter((problem) => problem.code === 'bleed-not-filled').map((problem) => problem.location)).toEqual([
      expect.objectContaining({ page: 2 }),
    ]);
  });

  it('tells a CropBox that cuts into the bleed as that, not as blank bleed beyond it', async () => {
    const report = await preflight('cropped.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the bleed edge').setCropBox(BLEED, BLEED, TRIM.width, TRIM.height);
    });
    expect(codes(report)).toEqual(['crop-box-differs']);
  });

  it('locates blank bleed from the MediaBox corner, where the CropBox starts elsewhere', async () => {
    const report = await preflight('cropped-top.pdf', (doc) => {
      addFace(doc, 'to the left trim').setCropBox(0, 0, MEDIA.width, MEDIA.height - 10 * MM);
    });
    const found = report.problems.filter((problem) => problem.code === 'bleed-not-filled');
    // The blank stretch runs up the left trim to where the crop ends, 10 mm below the MediaBox's top.
    expect(found).toEqual([expect.objectContaining({ location: expect.objectContaining({ page: 1, xMm: 3 }) })]);
    expect((found[0]!.location as { yMm: number }).yMm).toBeCloseTo(10, 0);
  });
});

describe('a renderer that draws fewer pages than the file has', () => {
  let savedPath: string | undefined;
  beforeAll(async () => {
    // A mutool that draws the first page only, then gives up as mupdf says so.
    const fake = path.join(dir, 'bin');
    await mkdir(fake);
    await writeFile(
      path.join(fake, 'mutool'),
      [
        '#!/bin/sh',
        'while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done',
        `printf 'P6\\n1 1\\n255\\n\\377\\377\\377' > "$(printf "$out" 1)"`,
        'echo "error: cannot draw page 2" >&2',
        'exit 1',
        '',
      ].join('\n'),
    );
    await chmod(path.join(fake, 'mutool'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${fake}${path.delimiter}${savedPath}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
  });

  it('fails with how many pages it drew and its error, not with a report missing pages', async () => {
    const failure = await preflight('two-faces.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the bleed edge');
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as Error).message).toBe('mutool could not render two-faces.pdf: 1 of 2 page(s) drawn (error: cannot draw page 2)');
  });
});
