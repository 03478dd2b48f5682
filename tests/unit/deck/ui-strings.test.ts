import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkProject, errorsOf } from '../../../src/check/check-decks.ts';
import { projectPaths } from '../../../src/deck/load-deck.ts';
import { STAGE_UI_KEYS } from '../../../src/deck/ui-keys.ts';
import { UI_STRINGS, uiStringsDoc } from '../../../src/deck/ui-strings.ts';
import { addLanguage, exportLanguage, importLanguage, statusOfDecks } from '../../../src/i18n/commands.ts';
import { REPO } from '../../support/fixtures.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Every file under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const flat = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap(flat));

describe('the shipped ui strings', () => {
  it('are listed in docs/ui-strings.md exactly as src/deck/ui-strings.ts has them (npm run schema)', async () => {
    expect(await readFile(path.join(REPO, 'docs', 'ui-strings.md'), 'utf8')).toBe(uiStringsDoc());
  });

  it('say in nl and en what each labels, with the same placeholders in both', () => {
    for (const { key, labels, text } of UI_STRINGS) {
      expect(labels.length, key).toBeGreaterThan(10);
      expect(Object.keys(text).sort(), key).toEqual(['en', 'nl']);
      const placeholders = (words: string) => [...words.matchAll(/\{\w+\}/g)].map((match) => match[0]).sort();
      expect(placeholders(text.nl!), key).toEqual(placeholders(text.en!));
    }
  });

  it('cover every string the stages and the shared templates print, and nothing that prints nowhere', async () => {
    const shipped = new Set(UI_STRINGS.map(({ key }) => key));
    const templateLabels = new Set<string>();
    for (const file of await filesUnder(path.join(REPO, 'templates', 'cards'))) {
      const front = /^---\n([\s\S]*?)\n---/.exec(await readFile(file, 'utf8'));
      for (const label of (parse(front?.[1] ?? '') as { ui?: string[] } | null)?.ui ?? []) templateLabels.add(label);
    }
    for (const key of [...flat(STAGE_UI_KEYS), ...templateLabels]) expect(shipped, key).toContain(key);
    // Each shipped key is read somewhere: quoted in the code, as ui.<key>, or declared by a template.
    const code = (
      await Promise.all(
        [...(await filesUnder(path.join(REPO, 'src'))), ...(await filesUnder(path.join(REPO, 'templates')))]
          .filter((file) => !file.endsWith('ui-strings.ts'))
          .map((file) => readFile(file, 'utf8')),
      )
    ).join('\n');
    const unread = [...shipped].filter(
      (key) => !templateLabels.has(key) && !code.includes(`'${key}'`) && !code.includes(`ui.${key}`) && !code.includes(`"${key}"`),
    );
    expect(unread).toEqual([]);
  });
});

let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

describe('a deck that writes no ui strings', () => {
  it('checks clean with rounded corners: the die line files take the shipped labels', async () => {
    project = await tempProject(['mini']);
    for (const language of ['nl', 'en'])
      await project.edit(`deck/mini/locales/${language}.yaml`, (text) => text.replace(/^ui:\n(?: {2}.*\n)+/m, ''));
    await project.edit('deck/mini/deck.yaml', (text) => `${text}cornerRadius: 3mm\n`);
    const report = await checkProject(projectPaths(project.root));
    expect(errorsOf(report)).toEqual([]);
  });

  it('shows a translator of a language kaartenset has no words for every ui string, with the shipped words as source', async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace(/^ui:\n(?: {2}.*\n)+/m, ''));
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace(/^ui:\n(?: {2}.*\n)+/m, ''));
    await addLanguage(project.root, 'de', ['mini']);
    const scaffold = await readFile(project.file('deck/mini/locales/de.yaml'), 'utf8');
    // Empty, with the Dutch shipped words as the comment above each.
    expect(scaffold).toMatch(
      /^ui:\n(?:.*\n)*? {2}# Kaarten voor een kaartendrukker \(één pagina per zijde, met afloop\)\n {2}file-cards:\s*$/m,
    );
    const missing = (await statusOfDecks(project.root)).find((s) => s.language === 'de')!.missing;
    expect(missing).toContain('ui.file-cards');
    expect(missing).toContain('ui.questions');

    const po = await exportLanguage(project.root, 'de', [], 'po');
    expect(po).toContain(
      '#: mini:ui.file-cards\n#. label of cards.pdf (one page per face) on the print page, in manifest.json and in the build log\nmsgctxt "mini:ui.file-cards"\nmsgid "Kaarten voor een kaartendrukker (één pagina per zijde, met afloop)"\nmsgstr ""\n',
    );
    const file = project.file('de.po');
    const source = 'msgid "Kaarten voor een kaartendrukker (één pagina per zijde, met afloop)"\n';
    await writeFile(file, po.replace(`${source}msgstr ""`, `${source}msgstr "Karten für eine Kartendruckerei"`));
    const result = await importLanguage(project.root, 'de', file);
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([{ key: 'mini:ui.file-cards', from: null, to: 'Karten für eine Kartendruckerei' }]);
    expect(
      (parse(await readFile(project.file('deck/mini/locales/de.yaml'), 'utf8')) as { ui: Record<string, string> }).ui['file-cards'],
    ).toBe('Karten für eine Kartendruckerei');
  });

  it('gives English the shipped words back untouched: an import of them writes nothing', async () => {
    project = await tempProject(['mini']);
    const before = await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
    const file = project.file('en.po');
    await writeFile(file, await exportLanguage(project.root, 'en', [], 'po'));
    const result = await importLanguage(project.root, 'en', file);
    expect(result.changes).toEqual([]);
    expect(await readFile(project.file('deck/mini/locales/en.yaml'), 'utf8')).toBe(before);
  });

  it("asks each translation for the deck's own wording where its source says a shipped string otherwise", async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace(/^ui:\n/m, 'ui:\n  page-make: Maak je PDF\n'));
    const report = await checkProject(projectPaths(project.root));
    expect(errorsOf(report).map((problem) => problem.message)).toEqual(['missing en translation of ui.page-make (nl: "Maak je PDF")']);
  });
});
