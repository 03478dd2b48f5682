import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputIntentOf } from '../../../src/cmyk/output-intent.ts';
import { GHOSTSCRIPT_ICC, profileDescribedAs, SWOP } from '../../support/icc-profiles.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-intent-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the output intent is read from the shop's ICC profile", () => {
  it("names Ghostscript's SWOP profile by its registry name, CGATS TR 001", async () => {
    expect(await outputIntentOf(SWOP)).toMatchObject({
      identifier: 'CGATS TR 001',
      info: 'Artifex CMYK SWOP Profile',
      registryName: 'http://www.color.org',
    });
  });

  it.each([
    ['Coated FOGRA39', 'FOGRA39'],
    ['ISO Coated v2 (ECI)', 'FOGRA39'],
    ['PSO Coated v3', 'FOGRA51'],
    ['PSO Uncoated v3 FOGRA52', 'FOGRA52'],
    ['GRACoL2006_Coated1v2', 'CGATS TR 006'],
    ['SWOP2006_Coated3v2', 'CGATS TR 003'],
  ])('labels a profile described as "%s" as %s', async (description, identifier) => {
    const intent = await outputIntentOf(await profileDescribedAs(dir, description));
    expect(intent).toMatchObject({ identifier, info: description, registryName: 'http://www.color.org' });
  });

  it('calls a profile of no known characterisation Custom, with its description and no registry', async () => {
    const intent = await outputIntentOf(path.join(GHOSTSCRIPT_ICC, 'ps_cmyk.icc'));
    expect(intent).toEqual({
      identifier: 'Custom',
      condition: 'Artifex PS CMYK Profile',
      info: 'Artifex PS CMYK Profile',
      profile: path.join(GHOSTSCRIPT_ICC, 'ps_cmyk.icc'),
    });
  });

  it('refuses an RGB profile and a file that is no profile, saying what --icc wants', async () => {
    await expect(outputIntentOf(path.join(GHOSTSCRIPT_ICC, 'srgb.icc'))).rejects.toThrow(
      /is a RGB Monitor profile .*--icc wants the print shop's CMYK output profile/,
    );
    const text = path.join(dir, 'notes.icc');
    await writeFile(text, 'not a profile at all, just some words long enough to have a header');
    await expect(outputIntentOf(text)).rejects.toThrow(/notes\.icc: not an ICC profile/);
  });

  it('says a profile that is not there does not exist', async () => {
    await expect(outputIntentOf(path.join(dir, 'missing.icc'))).rejects.toThrow(
      /^--icc .*missing\.icc does not exist; give the path of the print shop's profile/,
    );
  });
});
