import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInputs as inputsOf } from '../../../src/pipeline/build-inputs.ts';
import type { BuildOptions } from '../../../src/pipeline/build-options.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

const buildInputs = async (options: BuildOptions) => (await inputsOf(options))?.hash;

describe("the hash of a build's inputs", () => {
  let project: TempProject;
  let options: BuildOptions;
  let first: string | undefined;

  beforeAll(async () => {
    project = await tempProject(['mini']);
    options = { root: project.root, out: project.out };
    first = await buildInputs(options);
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('is the same for the same files and options, whatever the output folder or the number of jobs', async () => {
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await buildInputs({ ...options, out: project.file('elsewhere'), jobs: 1 })).toBe(first);
  });

  it.each([
    ['a deck file', 'deck/mini/locales/nl.yaml'],
    ['a template', 'templates/partials/body.hbs'],
    ['a picto', 'pictos/target.svg'],
  ])('changes with %s', async (_, file) => {
    const before = await buildInputs(options);
    await project.edit(file, (text) => `${text}\n`);
    expect(await buildInputs(options)).not.toBe(before);
  });

  it.each<[string, Partial<BuildOptions>]>([
    ['the languages', { languages: ['nl'] }],
    ['the decks', { decks: ['mini'] }],
    ['previews', { previews: false }],
    ['--cmyk', { cmyk: true }],
    ['a vendor', { vendors: ['makeplayingcards'] }],
    ['--allow-missing', { allowMissing: true }],
    ['the chunk size (Chromium antialiases a few pixels differently)', { chunkSize: 10 }],
  ])('changes with %s', async (_, change) => {
    expect(await buildInputs({ ...options, ...change })).not.toBe(await buildInputs(options));
  });

  it("changes with the project's installed packages, where a deck may take its fonts from", async () => {
    const before = await buildInputs(options);
    await mkdir(project.file('node_modules'), { recursive: true });
    await writeFile(
      project.file('node_modules', '.package-lock.json'),
      '{"packages":{"node_modules/@fontsource/inter":{"version":"5.0.0"}}}',
    );
    expect(await buildInputs(options)).not.toBe(before);
  });

  it('changes with the document date', async () => {
    const before = await buildInputs(options);
    const epoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1900000000';
    try {
      expect(await buildInputs(options)).not.toBe(before);
    } finally {
      if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = epoch;
    }
  });

  it("is unknown when the shop's ICC profile cannot be read, so the build itself says why", async () => {
    expect(await buildInputs({ ...options, icc: project.file('missing.icc') })).toBeUndefined();
  });
});

describe('the hash of a build of a deck named by its path', () => {
  it("changes with that deck's files, wherever the folder is", async () => {
    const project = await tempProject([]);
    const elsewhere = await tempProject(['mini']);
    try {
      const options = { root: project.root, out: project.out, decks: [elsewhere.file('deck', 'mini')] };
      const before = await buildInputs(options);
      await elsewhere.edit('deck/mini/locales/nl.yaml', (text) => text.replace('Een korte uitleg.', 'Een andere uitleg.'));
      expect(await buildInputs(options)).not.toBe(before);
    } finally {
      await project.cleanup();
      await elsewhere.cleanup();
    }
  });
});
