import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import type { BuildSummary } from '../../../src/pipeline/build-options.ts';
import { Printer } from '../../../src/print/printer.ts';
import * as hash from '../../../src/shared/hash.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

// Every module of the build hashes through this one function: the test counts what it is given.
vi.mock('../../../src/shared/hash.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/shared/hash.ts')>();
  return { ...real, sha256: vi.fn(real.sha256) };
});

const fingerprint = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A build takes each hash it needs once: of each print's key, of each file it publishes, of each input at its start. */
describe('what a build hashes', { timeout: 300_000 }, () => {
  let project: TempProject;
  let icc: Buffer;
  let summary: BuildSummary;
  const keyOf = vi.spyOn(Printer.prototype, 'keyOf');
  /** How often the build hashed each content, by its fingerprint. */
  const hashed = new Map<string, number>();

  beforeAll(async () => {
    project = await tempProject(['mini']);
    // Any file will do as the shop's profile while nothing is converted to CMYK: it is an input all the same.
    icc = randomBytes(4096);
    await writeFile(project.file('shop.icc'), icc);
    vi.mocked(hash.sha256).mockClear();
    keyOf.mockClear();
    summary = await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, icc: project.file('shop.icc') });
    for (const [data] of vi.mocked(hash.sha256).mock.calls) hashed.set(fingerprint(data), (hashed.get(fingerprint(data)) ?? 0) + 1);
  });
  afterAll(async () => {
    keyOf.mockRestore();
    await project.cleanup();
  });

  it('computes the key of each print once', () => {
    expect(summary.prints.printed).toBeGreaterThan(0);
    expect(keyOf).toHaveBeenCalledTimes(summary.prints.printed + summary.prints.reused);
  });

  it("hashes each file it publishes once, for its keys, readings, manifest and the output folder's record alike", async () => {
    const set = path.join(project.out, 'mini', 'nl');
    const files = (await readdir(set, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThan(5);
    const published = new Map<string, string[]>();
    for (const file of files) {
      const print = fingerprint(await readFile(file));
      published.set(print, [...(published.get(print) ?? []), path.relative(set, file)]);
    }
    const times = [...published].map(([print, names]) => `${names.join(' = ')}: ${hashed.get(print) ?? 0} of ${names.length}`);
    expect(times).toEqual([...published].map(([, names]) => `${names.join(' = ')}: ${names.length} of ${names.length}`));
  });

  it('hashes an input once as the build starts, and once more at its end to see that nothing changed meanwhile', () => {
    expect(summary.unchanged).toBe(0);
    expect(hashed.get(fingerprint(icc))).toBe(2);
  });
});
