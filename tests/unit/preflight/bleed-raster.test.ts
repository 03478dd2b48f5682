import { access, chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, rgb, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightFile, preflightFiles, type PreflightReport } from '../../../src/preflight/preflight.ts';
import { InputError } from '../../../src/shared/errors.ts';

/*
 * The bleed-fill check reads a raster of every page's MediaBox: mupdf's where mupdf draws what the
 * press prints, else poppler's. A face here is 60 x 80 mm of trim with 3 mm of bleed; its artwork
 * is one grey rectangle, drawn to the bleed edge or stopping at a trim.
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

async function writePdf(name: string, make: (doc: PDFDocument) => void): Promise<string> {
  const doc = await PDFDocument.create();
  make(doc);
  const file = path.join(dir, name);
  await writeFile(file, await doc.save({ useObjectStreams: false }));
  return file;
}

async function preflight(name: string, make: (doc: PDFDocument) => void): Promise<PreflightReport> {
  return preflightFile(await writePdf(name, make), { minBleed: BLEED });
}

/** The pages with a problem of `code`, in report order. */
const pagesWith = (report: PreflightReport, code: string) => located(report, code).map((location) => location.page);

/** Where each problem of `code` is, in report order. */
const located = (report: PreflightReport, code: string) =>
  report.problems.filter((problem) => problem.code === code).map((problem) => problem.location as { page: number; xMm?: number });

describe("bleed fill, read from a raster of every page's MediaBox", () => {
  it('passes artwork drawn to the bleed edge and finds artwork stopped at the trim, at its page', async () => {
    const report = await preflight('faces.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the trim');
    });
    expect(pagesWith(report, 'bleed-not-filled')).toEqual([2]);
    expect(report.problems.find((problem) => problem.code === 'bleed-not-filled')!.message).toMatch(
      /^the artwork of a 60\.0 x 80\.0 mm face stops at its \w+ trim over \d+\.\d mm/,
    );
  });

  it('still reads a page drawn in spite of an operator mupdf does not know (it exits 1 all the same)', async () => {
    const report = await preflight('unknown-operator.pdf', (doc) => {
      appendToContent(doc, addFace(doc, 'to the bleed edge'), 'Xyz');
      appendToContent(doc, addFace(doc, 'to the trim'), 'Xyz');
    });
    expect(located(report, 'bleed-not-filled')).toEqual([expect.objectContaining({ page: 2 })]);
  });

  it('judges the bleed a CropBox cuts off as the press prints it, blank or filled', async () => {
    const report = await preflight('cropped.pdf', (doc) => {
      addFace(doc, 'to the bleed edge').setCropBox(BLEED, BLEED, TRIM.width, TRIM.height);
      addFace(doc, 'to the trim').setCropBox(BLEED, BLEED, TRIM.width, TRIM.height);
    });
    expect(pagesWith(report, 'crop-box-differs')).toEqual([1, 2]);
    expect(pagesWith(report, 'bleed-not-filled')).toEqual([2]);
  });

  it('reads a CropBox the pages inherit, and locates blank bleed from the MediaBox corner all the same', async () => {
    const report = await preflight('inherited-crop.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the left trim');
      doc.catalog.Pages().set(PDFName.of('CropBox'), doc.context.obj([20 * MM, 0, MEDIA.width, MEDIA.height]));
    });
    expect(pagesWith(report, 'crop-box-differs')).toEqual([1, 2]);
    expect(located(report, 'bleed-not-filled')).toEqual([expect.objectContaining({ page: 2, xMm: 3 })]);
  });

  it('judges a page scaled by /UserUnit at the size its boxes give', async () => {
    const report = await preflight('user-unit.pdf', (doc) => {
      addFace(doc, 'to the bleed edge').node.set(PDFName.of('UserUnit'), doc.context.obj(2));
      addFace(doc, 'to the trim').node.set(PDFName.of('UserUnit'), doc.context.obj(2));
    });
    expect(pagesWith(report, 'page-scaled')).toEqual([1, 2]);
    expect(pagesWith(report, 'bleed-not-filled')).toEqual([2]);
  });

  it('tells a page mupdf cannot draw (one too large to draw) as a damaged file, and still reports the others', async () => {
    const good = await writePdf('good.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the bleed edge');
    });
    const huge = await writePdf('huge-page.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      const page = doc.addPage([200_000, 200_000]);
      page.setBleedBox(0, 0, 200_000, 200_000);
      page.setTrimBox(BLEED, BLEED, 200_000 - 2 * BLEED, 200_000 - 2 * BLEED);
    });
    const { reports, problems } = await preflightFiles([good, huge], { minBleed: BLEED });
    expect(reports.map((report) => path.basename(report.file))).toEqual(['good.pdf']);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'pdf-unreadable',
        location: { file: huge },
        message: expect.stringMatching(/cannot be read \(page 2: a page was drawn in part only\)$/),
      }),
    ]);
  });
});

describe('a page poppler cannot draw', () => {
  it('is a damaged file too: pdftoppm writes a pixel in its place and goes on', async () => {
    // The CropBox on the first page sends the file to pdftoppm.
    const failure = await preflight('huge-cropped.pdf', (doc) => {
      addFace(doc, 'to the bleed edge').setCropBox(0, 0, MEDIA.width - 1, MEDIA.height);
      const page = doc.addPage([200_000, 200_000]);
      page.setBleedBox(0, 0, 200_000, 200_000);
      page.setTrimBox(BLEED, BLEED, 200_000 - 2 * BLEED, 200_000 - 2 * BLEED);
    }).catch((error: unknown) => error);
    expect((failure as InputError).problems).toEqual([
      expect.objectContaining({
        code: 'pdf-unreadable',
        message: expect.stringMatching(/\(page 2 was drawn at 1 x 1 pixels, not its size\)$/),
      }),
    ]);
  });
});

describe('a poppler that leaves out a page and exits 0', () => {
  withPath(async (current) => {
    const fake = path.join(dir, 'poppler-one-page');
    await mkdir(fake);
    const { width, height, pixels } = WHOLE_FACE;
    const script = [
      '#!/bin/sh',
      'for prefix; do :; done',
      `{ printf 'P6\\n${width} ${height}\\n255\\n'; head -c ${3 * pixels} /dev/zero | tr '\\0' '\\377'; } > "$prefix-1.ppm"`,
      '',
    ];
    await writeFile(path.join(fake, 'pdftoppm'), script.join('\n'));
    await chmod(path.join(fake, 'pdftoppm'), 0o755);
    return `${fake}${path.delimiter}${current}`;
  });

  it('fails the file as damaged: every page must have its raster', async () => {
    const failure = await preflight('one-of-two.pdf', (doc) => {
      addFace(doc, 'to the bleed edge').setCropBox(0, 0, MEDIA.width - 1, MEDIA.height);
      addFace(doc, 'to the trim');
    }).catch((error: unknown) => error);
    expect((failure as InputError).problems).toEqual([
      expect.objectContaining({ code: 'pdf-unreadable', message: expect.stringMatching(/\(1 of 2 pages drawn\)$/) }),
    ]);
  });
});

describe('a renderer that draws fewer pages than the file has', () => {
  withPath(async (current) => {
    const fake = await fakeMutool('draws-one', [WHOLE_FACE], ['error: unknown keyword: Xyz', 'error: cannot draw page 2']);
    return `${fake}${path.delimiter}${current}`;
  });

  it("fails the file as damaged with how many pages it drew and mupdf's last error, not with a report missing pages", async () => {
    const failure = await preflight('two-faces.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the bleed edge');
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).problems).toEqual([
      expect.objectContaining({
        code: 'pdf-unreadable',
        message: expect.stringMatching(/cannot be read \(mupdf drew 1 of its 2 pages: error: cannot draw page 2\)$/),
      }),
    ]);
  });
});

describe('a renderer that stops halfway through a page', () => {
  // Page 2 begun: a header for the whole face, one pixel of it.
  withPath(async (current) => {
    const fake = await fakeMutool('halfway', [WHOLE_FACE, { ...WHOLE_FACE, pixels: 1 }], ['error: malloc of 120000000000 bytes failed']);
    return `${fake}${path.delimiter}${current}`;
  });

  it('fails the file as damaged at that page, not with an internal error', async () => {
    const failure = await preflight('cut-short.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the bleed edge');
    }).catch((error: unknown) => error);
    expect((failure as InputError).problems).toEqual([
      expect.objectContaining({ code: 'pdf-unreadable', message: expect.stringContaining('(page 2: a page was drawn in part only)') }),
    ]);
  });
});

describe('a machine without mupdf', () => {
  // Only poppler's pdftoppm on the PATH.
  withPath(async (current) => {
    const only = path.join(dir, 'poppler-only');
    await mkdir(only);
    await symlink(await which('pdftoppm', current), path.join(only, 'pdftoppm'));
    return only;
  });

  it('reads the bleed from poppler instead', async () => {
    const report = await preflight('no-mupdf.pdf', (doc) => {
      addFace(doc, 'to the bleed edge');
      addFace(doc, 'to the trim');
    });
    expect(pagesWith(report, 'bleed-not-filled')).toEqual([2]);
  });
});

/** For the tests of the enclosing describe: the PATH `make` gives, from the one before. */
function withPath(make: (current: string) => Promise<string>): void {
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.PATH;
    process.env.PATH = await make(saved ?? '');
  });
  afterAll(() => {
    process.env.PATH = saved;
  });
}

/** A white raster of a face at 72 dpi: its size in pixels, and how many of them the file holds. */
interface FakeRaster {
  width: number;
  height: number;
  pixels: number;
}
const WHOLE_FACE: FakeRaster = {
  width: Math.round(MEDIA.width),
  height: Math.round(MEDIA.height),
  pixels: Math.round(MEDIA.width) * Math.round(MEDIA.height),
};

/**
 * A folder holding a mutool that writes these pages (white PPMs) under the name it is given with
 * -o, says these errors and exits with 1, as mupdf does after an error.
 */
async function fakeMutool(name: string, pages: FakeRaster[], errors: string[]): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder);
  const script = [
    '#!/bin/sh',
    'while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done',
    ...pages.map(
      ({ width, height, pixels }, index) =>
        `{ printf 'P6\\n${width} ${height}\\n255\\n'; head -c ${3 * pixels} /dev/zero | tr '\\0' '\\377'; } > "$(printf "$out" ${index + 1})"`,
    ),
    ...errors.map((error) => `echo "${error}" >&2`),
    'exit 1',
    '',
  ];
  await writeFile(path.join(folder, 'mutool'), script.join('\n'));
  await chmod(path.join(folder, 'mutool'), 0o755);
  return folder;
}

/** Where a program is on `searched` (a PATH). */
async function which(program: string, searched: string): Promise<string> {
  for (const folder of searched.split(path.delimiter)) {
    const candidate = path.join(folder, program);
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new Error(`${program} is not on the PATH`);
}
