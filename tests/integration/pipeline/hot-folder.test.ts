import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/output/manifest.ts';
import { contentHash } from '../../../src/shared/content-hash.ts';
import { sharedBuild } from '../../support/built.ts';

const SETS = [
  ['swan', 'nl'],
  ['swan', 'en'],
  ['besluitmodellen', 'nl'],
  ['besluitmodellen', 'en'],
] as const;

// A print shop's hot folder is flat: every job's files land side by side. Each PDF a set makes
// must carry its deck and language, so two decks (and two languages) never replace each other.
describe("every deck's shop files in one flat hot folder", () => {
  it('names every PDF of every set by its deck and language, and all of them sit side by side, each as its set made it', async () => {
    const out = await sharedBuild();
    const hotFolder = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-hot-folder-'));
    try {
      const expected = new Map<string, string>();
      for (const [deck, language] of SETS) {
        const dir = path.join(out, deck, language);
        const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
        const pdfs = (await readdir(dir)).filter((name) => name.endsWith('.pdf'));
        expect(pdfs.length, `${deck}/${language}`).toBeGreaterThanOrEqual(10);
        for (const name of pdfs) {
          expect(name, `${deck}/${language}`).toMatch(new RegExp(`^${deck}-${language}-`));
          expect(expected.has(name), `${name} made twice`).toBe(false);
          expected.set(name, manifest.files.find((entry) => entry.file === name)!.sha256);
          await copyFile(path.join(dir, name), path.join(hotFolder, name));
        }
        for (const sheet of manifest.sheets)
          for (const named of [sheet.ticket.finishing.dieFile, sheet.ticket.finishing.printAndCutFile].filter(Boolean))
            expect(pdfs, `${sheet.file} names ${named}`).toContain(named);
      }
      const landed = await readdir(hotFolder);
      expect(landed.sort()).toEqual([...expected.keys()].sort());
      for (const name of landed) expect(contentHash(await readFile(path.join(hotFolder, name))), name).toBe(expected.get(name));
    } finally {
      await rm(hotFolder, { recursive: true, force: true });
    }
  });
});
