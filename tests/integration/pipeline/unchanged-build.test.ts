import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import type { BuildOptions } from '../../../src/pipeline/build-options.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * A build whose inputs all hash as those of the last build into the same folder is answered from
 * that hash; whatever makes it differ (an input, an option, the document date, a published file
 * touched by hand) sends it through the whole build, which then decides set by set.
 */
describe('a build with nothing changed', { timeout: 300_000 }, () => {
  let project: TempProject;
  let options: BuildOptions;
  const build = (extra: Partial<BuildOptions> = {}) => buildDecks({ ...options, ...extra });

  beforeAll(async () => {
    project = await tempProject(['mini']);
    // One English string missing: the build warns about it, and must do so again when it has nothing to do.
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace('    body: Another explanation.\n', ''));
    options = { root: project.root, out: project.out, allowMissing: true };
    await build();
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('names the same sets and gives the same warnings as the build that made them', async () => {
    const logged: string[] = [];
    const again = await build({ log: (line) => logged.push(line) });
    expect(again.unchanged).toBe(2);
    expect(again.stages).toEqual({ done: {}, reused: {} });
    expect(again.builds.map((set) => `${set.deck}/${set.language}`).sort()).toEqual(['mini/en', 'mini/nl']);
    expect(again.builds.find((set) => set.language === 'nl')!.files).toContain('mini-nl-cards.pdf');
    expect(again.warnings.join('\n')).toContain('missing en translation of cards.tweede.body');
    expect(again.problems).toContainEqual(
      expect.objectContaining({
        code: 'translation-missing',
        severity: 'warning',
        location: expect.objectContaining({ file: project.file('deck/mini/locales/en.yaml') }),
      }),
    );
    expect(logged.sort()).toEqual(['mini [en]: unchanged', 'mini [nl]: unchanged']);
  });

  it("wrote the deck's locale.schema.json, which is no input: the build after it had nothing to do", async () => {
    // The fixture deck has none: the first build wrote it, and the one above found nothing changed.
    const schema = JSON.parse(await readFile(project.file('deck/mini/locale.schema.json'), 'utf8'));
    expect(schema.properties.cards.properties.eerste).toBeDefined();
  });

  it('makes a set again when one of its previews was removed by hand', async () => {
    const previews = path.join(project.out, 'mini', 'nl', 'previews');
    const [preview] = readdirSync(previews).filter((name) => name.endsWith('.png'));
    await rm(path.join(previews, preview!));
    const again = await build();
    expect(again.unchanged).toBe(1);
    expect(existsSync(path.join(previews, preview!))).toBe(true);
  });

  it('still refuses a set folder holding a file the build did not write', async () => {
    const notes = path.join(project.out, 'mini', 'en', 'notes.txt');
    await writeFile(notes, 'mine\n');
    try {
      await expect(build()).rejects.toThrow(/holds files kaartenset did not write \(notes\.txt\)/);
    } finally {
      await rm(notes);
    }
  });

  it('is made again, with its new date in every PDF, when SOURCE_DATE_EPOCH changes', async () => {
    const epoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2030, 0, 2) / 1000);
    try {
      const again = await build();
      expect(again.unchanged).toBe(0);
      expect(await tool('pdfinfo', ['-isodates', path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf')])).toMatch(
        /CreationDate:\s+2030-01-02T/,
      );
      const manifest = JSON.parse(await readFile(path.join(project.out, 'mini', 'nl', 'manifest.json'), 'utf8'));
      expect(manifest.built).toBe('2030-01-02T00:00:00.000Z');
      expect((await build()).unchanged).toBe(2);
    } finally {
      if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = epoch;
    }
  });

  it('is made again when an option changes what is made', async () => {
    const without = await build({ previews: false });
    expect(without.unchanged).toBe(0);
  });

  it('makes a set again when a preview or preflight.txt was overwritten in place', async () => {
    await build();
    const set = path.join(project.out, 'mini', 'nl');
    const preview = path.join(set, 'previews', readdirSync(path.join(set, 'previews')).find((name) => name.endsWith('.png'))!);
    const original = { preview: await readFile(preview), preflight: await readFile(path.join(set, 'preflight.txt')) };
    await writeFile(preview, await readFile(path.join(set, 'contact-sheet.png')));
    await writeFile(path.join(set, 'preflight.txt'), 'all fine\n');
    const again = await build();
    expect(again.unchanged).toBe(1);
    expect(await readFile(preview)).toEqual(original.preview);
    expect(await readFile(path.join(set, 'preflight.txt'))).toEqual(original.preflight);
  });

  it('keeps nothing made while a file it reads was being edited: undoing the edit makes the set again', async () => {
    await build();
    const file = project.file('templates', 'partials', 'body.hbs');
    const original = await readFile(file, 'utf8');
    let edited = false;
    // The edit lands once the inputs are hashed, before the faces are rendered: as an editor's save during a build.
    const during = await build({
      force: true,
      log: (line) => {
        if (edited || !line.endsWith(': faces')) return;
        edited = true;
        writeFileSync(file, original.replace('{{text t.body}}', '{{text t.body}} EDITED-MEANWHILE'));
      },
    });
    expect(edited).toBe(true);
    expect(during.warnings.join('\n')).toContain('files changed while the build ran');
    await writeFile(file, original);
    const after = await build();
    expect(after.unchanged).toBeLessThan(2);
    expect(await tool('pdftotext', [path.join(project.out, 'mini', 'nl', 'mini-nl-cards.pdf'), '-'])).not.toContain('EDITED-MEANWHILE');
    expect(await tool('pdftotext', [path.join(project.out, 'mini', 'en', 'mini-en-cards.pdf'), '-'])).not.toContain('EDITED-MEANWHILE');
  });

  it('forgets a set folder removed by hand: the index page drops its links, and the build after is a no-op again', async () => {
    await build();
    await build({ languages: ['nl'] });
    await rm(path.join(project.out, 'mini', 'en'), { recursive: true });
    const logged: string[] = [];
    await build({ languages: ['nl'], log: (line) => logged.push(line) });
    expect(await readFile(path.join(project.out, 'index.html'), 'utf8')).not.toContain('mini/en/');
    const again = await build({ languages: ['nl'] });
    expect(again.unchanged).toBe(1);
    expect(again.stages).toEqual({ done: {}, reused: {} });
  });
});
