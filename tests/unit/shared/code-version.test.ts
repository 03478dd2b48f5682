import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceTree } from '../../../src/shared/code-version.ts';

const SOURCE = path.resolve(import.meta.dirname, '..', '..', '..', 'src');
const stage = (name: string) => `pipeline/stages/${name}.ts`;

/** The code of the program's stages, read from a copy of src/ in which a test changes one file. */
describe('the hash of the code a stage runs', () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-src-'));
    await cp(SOURCE, copy, { recursive: true });
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  /** The hash of `module`'s code before and after `file` is edited. */
  async function aroundEdit(module: string, file: string): Promise<[string, string]> {
    const before = await new SourceTree(copy).codeOf(module);
    await appendFile(path.join(copy, file), '\n// edited\n');
    return [before, await new SourceTree(copy).codeOf(module)];
  }

  it('is the same for any copy of the same sources', async () => {
    for (const name of ['faces', 'sheets', 'previews']) {
      expect(await new SourceTree(copy).codeOf(stage(name))).toBe(await new SourceTree(SOURCE).codeOf(stage(name)));
    }
  });

  it('of the previews stays when a file only the sheets stage imports changes, and that of the sheets does not', async () => {
    const previews = await new SourceTree(copy).codeOf(stage('previews'));
    const [sheets, edited] = await aroundEdit(stage('sheets'), 'impose/die-line.ts');
    expect(edited).not.toBe(sheets);
    expect(await new SourceTree(copy).codeOf(stage('previews'))).toBe(previews);
  });

  it.each([
    ['its own module', stage('cards'), stage('cards')],
    ['a module imported by one it imports', stage('cards'), 'cards/cards-pdf.ts'],
    ["a module it loads when it runs (import('…')), and what that imports", stage('previews'), 'preview/rasterise.ts'],
    ["a script it reads beside it (new URL('…', import.meta.url))", 'print/printer.ts', 'print/fit-faces.browser.js'],
  ])('changes with %s', async (_, module, file) => {
    const [before, after] = await aroundEdit(module, file);
    expect(after).not.toBe(before);
  });

  it('stays when a module it imports only for its types changes', async () => {
    const [before, after] = await aroundEdit(stage('cards'), stage('faces'));
    expect(after).toBe(before);
  });

  it('of all the sources changes with any file', async () => {
    const before = await new SourceTree(copy).all();
    await appendFile(path.join(copy, 'starter', 'new-deck.ts'), '\n// edited\n');
    expect(await new SourceTree(copy).all()).not.toBe(before);
  });
});
