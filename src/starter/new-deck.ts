import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../shared/file-exists.ts';
import { loadDeck, projectPaths } from '../deck/load-deck.ts';
import { writeLocaleSchema } from '../deck/locale-schema-file.ts';
import { LanguageCode, Slug } from '../deck/schema.ts';
import { directionOf } from '../deck/text-direction.ts';
import { addLanguage } from '../i18n/commands.ts';
import { lockPath } from '../i18n/lock-file.ts';
import { lockTranslations, translationStatus } from '../i18n/status.ts';
import { BuildError, InputError } from '../shared/errors.ts';
import { CARD_SIZES } from './card-sizes.ts';
import { shippedUiKeys } from '../deck/ui-keys.ts';
import { defaultUiText } from '../deck/ui-strings.ts';

export { CARD_SIZES } from './card-sizes.ts';

/** Languages the starter has sample texts in; any other gets an empty translation to fill in. */
const SAMPLE_LANGUAGES = ['en', 'nl'];

const FILES = path.join(import.meta.dirname, 'files');

export interface NewDeckOptions {
  /** poker, bridge, tarot, a7, or WxH with a unit: 70x100mm, 2.5x3.5in. */
  size?: string;
  /** The first is the source language. */
  languages?: string[];
}

export interface NewDeck {
  dir: string;
  files: string[];
  /** Languages scaffolded empty: not built until translated and added to languages in deck.yaml. */
  untranslated: string[];
}

/**
 * A new deck under deck/<name>/ that validates and builds at once: deck.yaml, cards.yaml, a locale
 * per language, its own card template and stylesheet, and a sample picto. Nothing is overwritten.
 */
export async function createDeck(root: string, name: string, options: NewDeckOptions = {}): Promise<NewDeck> {
  if (!Slug.safeParse(name).success)
    throw new BuildError(`"${name}" is not a deck name: use lowercase letters, digits and single hyphens (e.g. my-deck)`);
  const size = cardSize(options.size ?? 'poker');
  const languages = options.languages && options.languages.length > 0 ? [...new Set(options.languages)] : ['en'];
  const bad = languages.filter((language) => !LanguageCode.safeParse(language).success);
  if (bad.length > 0)
    throw new BuildError(`--lang: ${bad.map((code) => `"${code}"`).join(', ')} is not a language code: use ISO 639 (en, nl, de, pt-BR)`);

  const project = projectPaths(path.resolve(root));
  const dir = path.join(project.root, 'deck', name);
  if (await exists(dir))
    throw new BuildError(`${path.relative(process.cwd(), dir) || dir} exists already; a new deck never overwrites one`);

  const source = languages[0]!;
  const sampled = languages.filter((language, index) => index === 0 || SAMPLE_LANGUAGES.includes(language));
  const untranslated = languages.filter((language) => !sampled.includes(language));
  const title = name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' ');
  const written: string[] = [];
  const write = async (relative: string, text: string) => {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
    written.push(file);
  };

  const profiles = (await readdir(path.join(project.templatesDir, 'sheets')).catch(() => [] as string[]))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
  await write('deck.yaml', deckYaml(name, size, source, sampled, profiles));
  await write('cards.yaml', CARDS_YAML);
  for (const language of sampled) await write(path.join('locales', `${language}.yaml`), await sampleLocale(language, title));
  await write(path.join('templates', 'cards', 'note.hbs'), await readFile(path.join(FILES, 'note.hbs'), 'utf8'));
  await write('deck.css', await readFile(path.join(FILES, 'deck.css'), 'utf8'));
  await mkdir(path.join(dir, 'pictos'), { recursive: true });
  await copyFile(path.join(FILES, 'sample.svg'), path.join(dir, 'pictos', 'sample.svg'));
  written.push(path.join(dir, 'pictos', 'sample.svg'));

  // A source language kaartenset ships no ui words for writes them itself: the sample's English, to be rewritten.
  if (defaultUiText('questions', source) === undefined) {
    const draft = (await loadDeck(dir, project)).draft;
    if (draft) {
      const labels = [...draft.templates.values()].flatMap((template) => template.ui);
      const keys = shippedUiKeys(draft.meta, draft.profiles.values(), labels);
      for (const language of sampled)
        await appendUi(path.join(dir, 'locales', `${language}.yaml`), language === source ? 'en' : language, keys);
    }
  }

  const loaded = await loadDeck(dir, project);
  if (!loaded.deck) throw new InputError(loaded.problems.filter((problem) => problem.severity === 'error'));
  // Before any translation is scaffolded: every locale's modeline points at it.
  written.push((await writeLocaleSchema(loaded.deck))!);
  // Sample texts the same in both languages (the title, "Downloads") are names, not unfinished work: confirmed per key.
  for (const status of await translationStatus(loaded.deck)) {
    const same = status.unfinished.filter(({ state }) => state === 'same as source').map(({ key }) => key);
    if (same.length === 0) continue;
    await lockTranslations(loaded.deck, status.language, same);
    written.push(lockPath(dir, status.language));
  }
  for (const language of untranslated) written.push(...(await addLanguage(project.root, language, [dir])));
  return { dir, files: written, untranslated };
}

/** Adds the ui block to a sample locale: the shipped words of `keys` in `words` (English where it has none). */
async function appendUi(file: string, words: string, keys: string[]): Promise<void> {
  const lines = keys.map((key) => `  ${key}: ${JSON.stringify(defaultUiText(key, words) ?? defaultUiText(key, 'en'))}`);
  const block = `# The words of labels, sheets, the print page and the web edition (docs/ui-strings.md says what each labels).\nui:\n${lines.join('\n')}\n`;
  await writeFile(file, `${await readFile(file, 'utf8')}\n${block}`);
}

/** A size name or WxH with one unit for both (70x100mm, 2.5x3.5in), as deck.yaml lengths. */
export function cardSize(text: string): { width: string; height: string; unit: string } {
  const named = CARD_SIZES[text.toLowerCase() as keyof typeof CARD_SIZES];
  if (named) return { ...named, unit: 'mm' };
  const match = /^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(mm|cm|in)$/i.exec(text.trim());
  if (!match) {
    throw new BuildError(
      `--size: "${text}" is not a card size: use ${Object.keys(CARD_SIZES).join(', ')}, or width x height with a unit such as 70x100mm or 2.5x3.5in`,
    );
  }
  const unit = match[3]!.toLowerCase();
  return { width: `${match[1]}${unit}`, height: `${match[2]}${unit}`, unit };
}

function deckYaml(
  name: string,
  size: { width: string; height: string; unit: string },
  source: string,
  languages: string[],
  profiles: string[],
): string {
  const inches = size.unit === 'in';
  return `# yaml-language-server: $schema=../../schema/deck.schema.json
# Made with \`kaartenset new\`. Every key is described in schema/deck.schema.json.
id: ${name}
cardSize:
  width: ${size.width}
  height: ${size.height}
# Artwork beyond the trim, and the distance from the trim that text keeps.
bleed: ${inches ? '0.125in' : '3mm'}
safeZone: ${inches ? '0.1875in' : '4mm'}
minFontSize: 7.5pt
sourceLanguage: ${source}
# Languages built by default; add one here once its locale is complete.
languages: [${languages.join(', ')}]
categories:
  basics:
    color: "#2a6f97"
    # This deck's own picto: pictos/sample.svg in this folder (a deck's pictos win over the shared ones).
    picto: sample
${profiles.length > 0 ? `# The sheet layouts (templates/sheets/) this deck is imposed on.\nprofiles: [${profiles.join(', ')}]\n` : ''}`;
}

const CARDS_YAML = `# yaml-language-server: $schema=../../schema/cards.schema.json
# One line per card. template: a card kind from templates/cards/ in this folder or the project's.
cards:
  - { id: welcome, template: note, category: basics, picto: sample }
  - { id: your-card, template: note, category: basics, picto: sample }
  - { id: last-card, template: note, category: basics, picto: sample }
`;

async function sampleLocale(language: string, title: string): Promise<string> {
  const sample = SAMPLE_LANGUAGES.includes(language) ? language : 'en';
  let text = (await readFile(path.join(FILES, `${sample}.yaml`), 'utf8'))
    .replace('%TITLE%', title)
    .replace(/^ {2}direction: ltr$/m, `  direction: ${directionOf(language)}`);
  if (sample !== language) {
    text = text
      .replace(/^language:\n {2}name: English$/m, `language:\n  name: "${language}"`)
      .replace(
        /^(# yaml-language-server.*\n)/,
        `$1# The sample texts are English: write them in "${language}", the source language of this deck.\n`,
      );
  }
  return text;
}
