import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  concatTransformationMatrix,
  lineTo,
  moveTo,
  PDFDocument,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  setGraphicsState,
  setLineWidth,
  stroke,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separationColourSpace } from '../../../src/impose/pdf-drawing.ts';
import { preflightFile } from '../../../src/preflight/preflight.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-spots-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Line {
  colorant: string;
  width: number;
  overprint: boolean;
  /** A scale applied to the line through the CTM, as a RIP sees it. */
  scale?: number;
}

/** A one-page file (boxed like a face) with lines stroked in spot colours. */
async function spotFile(name: string, lines: Line[]): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  page.setTrimBox(10, 10, 180, 180);
  page.setBleedBox(0, 0, 200, 200);
  lines.forEach((line, index) => {
    const space = separationColourSpace(page, `CS${index}`, line.colorant, [0, 1, 0, 0]);
    const state = page.node.newExtGState('GS', doc.context.obj({ Type: 'ExtGState', OP: line.overprint, op: line.overprint }));
    const scale = line.scale ?? 1;
    page.pushOperators(
      pushGraphicsState(),
      setGraphicsState(state),
      concatTransformationMatrix(scale, 0, 0, scale, 0, 0),
      PDFOperator.of(PDFOperatorNames.StrokingColorspace, [PDFName.of(space)]),
      PDFOperator.of(PDFOperatorNames.StrokingColorN, [doc.context.obj(1)]),
      setLineWidth(line.width),
      moveTo(20 / scale, (20 + index * 10) / scale),
      lineTo(180 / scale, (20 + index * 10) / scale),
      stroke(),
      popGraphicsState(),
    );
  });
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, await doc.save());
  return file;
}

async function spotCheck(file: string) {
  const report = await preflightFile(file, { workStyle: 'Simplex' });
  return report.checks.find((check) => check.name === 'spot colours')!;
}

describe('preflight reads spot colours as a RIP separates them', () => {
  it('says there are none in a process-colour file', async () => {
    const check = await spotCheck(await spotFile('none', []));
    expect(check).toMatchObject({ ok: true, detail: 'none: process colours only' });
  });

  it('names the spot colours, and passes a 0.25 pt overprinting CutContour', async () => {
    const check = await spotCheck(await spotFile('good', [{ colorant: 'CutContour', width: 0.25, overprint: true }]));
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('CutContour');
  });

  it('fails a plate a card job does not print (PANTONE 286 C), naming it', async () => {
    const check = await spotCheck(
      await spotFile('extra-plate', [
        { colorant: 'CutContour', width: 0.25, overprint: true },
        { colorant: 'PANTONE 286 C', width: 1, overprint: false },
      ]),
    );
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('PANTONE 286 C is a plate of its own');
  });

  it('measures the die line after transforms: 2.5 pt drawn at a tenth is 0.25 pt', async () => {
    expect((await spotCheck(await spotFile('scaled', [{ colorant: 'CutContour', width: 2.5, overprint: true, scale: 0.1 }]))).ok).toBe(
      true,
    );
  });

  it('fails a CutContour line that is not 0.25 pt', async () => {
    const check = await spotCheck(await spotFile('wide', [{ colorant: 'CutContour', width: 1, overprint: true }]));
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('1.00 pt wide as printed');
  });

  it('fails a CutContour line that knocks out instead of overprinting', async () => {
    const check = await spotCheck(await spotFile('knockout', [{ colorant: 'CutContour', width: 0.25, overprint: false }]));
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('knock out');
  });
});
