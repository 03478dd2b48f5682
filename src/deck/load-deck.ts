import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadPicto } from '../assets/pictos.ts';
import { loadProfiles } from './load-profiles.ts';
import type { SheetProfile } from './sheet-profile-schema.ts';
import { PSEUDO_LANGUAGE, pseudoLocale } from './pseudo-locale.ts';
import { flattenStrings, isTranslated, setAtPath, stringsOfExistingCards, type LocaleString } from './locale-strings.ts';
import { exists } from '../shared/file-exists.ts';
import { bleedProblem } from './bleed-policy.ts';
import { fileProblem, sortProblems, type Problem } from '../shared/errors.ts';
import { CardNameSchema, CardsFileSchema, DeckSchema, LocaleSchema, type Card, type Deck, type Locale } from './schema.ts';
import { validateSource } from './validate.ts';
import { cardTemplateFiles, loadCardTemplates, type CardTemplate } from './card-templates.ts';
import { checkCardTexts } from './card-texts.ts';
import { resolveDeckFonts } from './deck-fonts.ts';
import { checkGlyphs } from './glyph-coverage.ts';
import { BUNDLED_FONTS, type FontFace } from '../assets/fonts.ts';
import { problemAtPath, readYamlFile, type YamlSource } from './yaml-source.ts';
import { checkWorksheet } from './check-worksheet.ts';
import { shippedUiKeys } from './ui-keys.ts';
import { defaultUiText, uiString } from './ui-strings.ts';

/** Where the shared parts of a project live: templates/ and pictos/ beside deck/. */
export interface ProjectPaths {
  root: string;
  templatesDir: string;
  pictosDir: string;
}

export function projectPaths(root: string): ProjectPaths {
  return { root, templatesDir: path.join(root, 'templates'), pictosDir: path.join(root, 'pictos') };
}

export interface LoadedLocale {
  language: string;
  locale: Locale;
  file: string;
  source: YamlSource;
  /** Keys shown in the source language because this one lacks them (only with allowMissing). */
  fallbacks: string[];
  /** The ui strings (key without "ui.") this locale takes from kaartenset's shipped words, not from its file. */
  defaulted: string[];
}

/** A deck as loaded from disk, validated across its files, with every language present. */
export interface LoadedDeck {
  dir: string;
  meta: Deck;
  cards: Card[];
  locales: Map<string, LoadedLocale>;
  /** Sanitised, optimised SVG by picto name. */
  pictos: Map<string, string>;
  /** Sheet profiles from templates/sheets/ that this deck is imposed on. */
  profiles: Map<string, SheetProfile>;
  /** The card templates its cards use, with the fields they declare (the deck's own templates/ first). */
  templates: Map<string, CardTemplate>;
  /** The deck's own fonts (fonts: in deck.yaml), after the bundled ones in every font list. */
  fonts: FontFace[];
  files: { deck: string; cards: string };
}

export interface LoadResult {
  deck?: LoadedDeck;
  problems: Problem[];
  /**
   * The deck as far as it loaded, errors or not, whenever its deck.yaml and cards.yaml are valid:
   * what the checks that need only those (sheet fit, ui strings) run on, so all problems come at once.
   */
  draft?: LoadedDeck;
  /** The deck's id and where deck.yaml gives it, whenever deck.yaml is valid: other checks compare ids across decks. */
  identity?: { id: string; source: YamlSource };
}

export interface LoadOptions {
  /** Extra locale files to load beside the deck's own languages (e.g. a language being added). */
  extraLanguages?: string[];
  /** Missing (and extra) translations are warnings; missing ones show the source text instead. */
  allowMissing?: boolean;
  /** The languages to be made, when not all: another language's missing strings are warnings, as it is not built. */
  building?: string[];
}

/** Loads and cross-checks one deck folder; returns every problem found, never only the first. */
export async function loadDeck(deckDir: string, project: ProjectPaths, options: LoadOptions = {}): Promise<LoadResult> {
  const dir = path.resolve(deckDir);
  const files = { deck: path.join(dir, 'deck.yaml'), cards: path.join(dir, 'cards.yaml') };
  const problems: Problem[] = [];

  const [deckFile, cardsFile] = await Promise.all([readRequired(files.deck), readRequired(files.cards)]);
  problems.push(...deckFile.problems, ...cardsFile.problems);
  const meta = deckFile.source && collect(validateSource(deckFile.source, DeckSchema), problems);
  const cardsData = cardsFile.source && collect(validateSource(cardsFile.source, CardsFileSchema), problems);
  const identity = meta && deckFile.source ? { id: meta.id, source: deckFile.source } : undefined;
  if (!meta || !cardsData || !deckFile.source || !cardsFile.source) {
    problems.push(...(await checkLocalesAlone(dir, project, { meta, deck: deckFile.source, cards: cardsData?.cards ?? cardsFile.source })));
    return { problems: sortProblems(problems), identity };
  }

  const templateFiles = await cardTemplateFiles([path.join(dir, 'templates', 'cards'), path.join(project.templatesDir, 'cards')]);
  const templates = await loadCardTemplates(
    templateFiles,
    cardsData.cards.map((card) => card.template),
    [path.join(dir, 'templates', 'partials'), path.join(project.templatesDir, 'partials')],
  );
  problems.push(...templates.problems);
  const pictoDirs = [path.join(dir, 'pictos'), project.pictosDir];
  problems.push(...checkMeta(meta, deckFile.source));
  problems.push(...checkCards(meta, cardsData.cards, cardsFile.source, new Set(templateFiles.keys())));

  if (meta.worksheet) problems.push(...(await checkWorksheet(meta.worksheet, cardsData.cards, project.templatesDir, deckFile.source)));

  const deckFonts = await resolveDeckFonts(meta, dir, project.root, deckFile.source);
  problems.push(...deckFonts.problems);

  const sheets = await loadProfiles(project.templatesDir, meta.profiles, deckFile.source);
  problems.push(...sheets.problems);

  const pictos = new Map<string, string>();
  const pictoUses = [
    ...Object.entries(meta.categories).map(([id, category]) => ({
      name: category.picto,
      source: deckFile.source!,
      at: ['categories', id, 'picto'],
    })),
    ...cardsData.cards.map((card, index) => ({ name: card.picto, source: cardsFile.source!, at: ['cards', index, 'picto'] })),
  ];
  const available = await listNamesIn(pictoDirs, '.svg');
  const tried = new Set<string>();
  for (const use of pictoUses) {
    if (tried.has(use.name)) continue;
    tried.add(use.name);
    const file = available.get(use.name);
    if (!file) {
      problems.push(problemAtPath('picto-not-found', use.source, use.at, `picto "${use.name}" not found: expected pictos/${use.name}.svg`));
      continue;
    }
    const picto = await loadPicto(file, use.name);
    problems.push(...picto.problems);
    if (picto.svg) pictos.set(use.name, picto.svg);
  }

  const languages = [...new Set([...meta.languages, ...(options.extraLanguages ?? [])])];
  const locales = new Map<string, LoadedLocale>();
  for (const [index, language] of languages.entries()) {
    if (language === PSEUDO_LANGUAGE) continue;
    const file = path.join(dir, 'locales', `${language}.yaml`);
    if (!(await exists(file))) {
      const at = index < meta.languages.length ? ['languages', index] : [];
      problems.push(
        problemAtPath(
          'locale-file-missing',
          deckFile.source,
          at,
          `language "${language}" has no locale file: expected locales/${language}.yaml (start one with: npx kaartenset i18n add ${language} --deck ${meta.id})`,
        ),
      );
      continue;
    }
    const read = await readYamlFile(file);
    problems.push(...read.problems);
    if (!read.source) continue;
    const locale = collect(validateSource(read.source, LocaleSchema), problems);
    if (locale) locales.set(language, { language, locale, file, source: read.source, fallbacks: [], defaulted: [] });
  }

  const sourceLocale = locales.get(meta.sourceLanguage);
  if (sourceLocale) {
    const labels = [...templates.templates.values()].flatMap((template) => template.ui);
    fillShippedUi(sourceLocale, [...locales.values()], shippedUiKeys(meta, sheets.profiles.values(), labels));
    problems.push(...checkSourceLocale(meta, cardsData.cards, sourceLocale));
    problems.push(...checkUiLabels(templates.templates, sourceLocale));
    problems.push(...checkPictoTexts(pictoUses, pictos, sourceLocale));
    const cardFields = new Map(cardsData.cards.map((card) => [card.id, templates.templates.get(card.template)?.fields]));
    for (const loaded of locales.values()) {
      problems.push(...checkCardTexts(cardsData.cards, templates.templates, loaded, loaded === sourceLocale));
      if (loaded === sourceLocale) continue;
      const notBuilt = options.building !== undefined && !options.building.includes(loaded.language);
      const compared = compareWithSource(sourceLocale, loaded, cardFields, options.allowMissing || notBuilt ? 'warning' : 'error');
      problems.push(...compared.problems);
      if (options.allowMissing) fillFromSource(loaded, compared.missing);
    }
    problems.push(...(await checkGlyphs(meta.id, [...BUNDLED_FONTS, ...deckFonts.fonts], [...locales.values()])));
    if (languages.includes(PSEUDO_LANGUAGE)) {
      locales.set(PSEUDO_LANGUAGE, {
        ...sourceLocale,
        language: PSEUDO_LANGUAGE,
        locale: pseudoLocale(sourceLocale.locale),
        fallbacks: [],
        defaulted: [],
      });
    }
  }

  const deck: LoadedDeck = {
    dir,
    meta,
    cards: sortCards(cardsData.cards),
    locales,
    pictos,
    profiles: sheets.profiles,
    templates: templates.templates,
    fonts: deckFonts.fonts,
    files,
  };
  const sorted = sortProblems(problems);
  return { deck: sorted.some((p) => p.severity === 'error') ? undefined : deck, draft: deck, problems: sorted, identity };
}

function checkMeta(meta: Deck, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  if (!meta.languages.includes(meta.sourceLanguage)) {
    problems.push(
      problemAtPath(
        'source-language-not-listed',
        source,
        ['sourceLanguage'],
        `source language "${meta.sourceLanguage}" is not in languages (${meta.languages.join(', ')})`,
      ),
    );
  }
  const bleed = bleedProblem(meta.bleed);
  if (bleed) problems.push(problemAtPath('bleed-negative', source, ['bleed'], bleed));
  const shortSide = Math.min(meta.cardSize.width, meta.cardSize.height);
  if (meta.safeZone * 2 >= shortSide) {
    problems.push(
      problemAtPath(
        'safe-zone-too-large',
        source,
        ['safeZone'],
        'the safe zone leaves no room on the card: it must be less than half the shorter side',
      ),
    );
  }
  return problems;
}

function checkCards(meta: Deck, cards: Card[], source: YamlSource, templates: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const categories = Object.keys(meta.categories);
  cards.forEach((card, index) => {
    const first = seen.get(card.id);
    if (first !== undefined) {
      problems.push(
        problemAtPath(
          'duplicate-card-id',
          source,
          ['cards', index, 'id'],
          `duplicate card id "${card.id}" (first used by card ${first + 1})`,
        ),
      );
    } else {
      seen.set(card.id, index);
    }
    if (!templates.has(card.template)) {
      problems.push(
        problemAtPath(
          'unknown-template',
          source,
          ['cards', index, 'template'],
          `unknown template "${card.template}"; templates/cards/ has: ${[...templates].sort().join(', ')}`,
        ),
      );
    }
    if (!meta.categories[card.category]) {
      problems.push(
        problemAtPath(
          'unknown-category',
          source,
          ['cards', index, 'category'],
          `unknown category "${card.category}"; deck.yaml defines: ${categories.join(', ')}`,
        ),
      );
    }
  });
  return problems;
}

/** The source language must hold a name for every category, and no text for things that do not exist. */
function checkSourceLocale(meta: Deck, cards: Card[], loaded: LoadedLocale): Problem[] {
  const problems: Problem[] = [];
  const { locale, source } = loaded;
  const cardIds = new Set(cards.map((card) => card.id));
  const name = `locales/${loaded.language}.yaml`;
  for (const id of Object.keys(locale.cards)) {
    if (!cardIds.has(id))
      problems.push(
        problemAtPath('unknown-card', source, ['cards'], `text for card "${id}", which does not exist in cards.yaml`, { atKey: id }),
      );
  }
  for (const id of Object.keys(meta.categories)) {
    if (!locale.categories[id])
      problems.push(problemAtPath('category-name-missing', source, ['categories'], `category "${id}" has no name in ${name}`));
  }
  for (const id of Object.keys(locale.categories)) {
    if (!meta.categories[id])
      problems.push(
        problemAtPath('unknown-category', source, ['categories'], `name for category "${id}", which deck.yaml does not define`, {
          atKey: id,
        }),
      );
  }
  for (const entry of flattenStrings(locale)) {
    if (!isTranslated(entry.value))
      problems.push(problemAtPath('source-text-empty', source, entry.path, `${entry.key}: the source text is empty`));
  }
  return problems;
}

/**
 * Gives each locale the shipped words of every ui string the deck prints that its file leaves out.
 * A translation takes them only where the source does too: beside words the deck's source says
 * otherwise, the shipped translation would translate something else, so the key stays missing.
 */
function fillShippedUi(sourceLocale: LoadedLocale, locales: LoadedLocale[], keys: string[]): void {
  const fill = (loaded: LoadedLocale, key: string): void => {
    const text = isTranslated(loaded.locale.ui[key]) ? undefined : defaultUiText(key, loaded.language);
    if (text === undefined) return;
    loaded.locale.ui[key] = text;
    loaded.defaulted.push(key);
  };
  for (const key of keys) fill(sourceLocale, key);
  const shipped = new Set(sourceLocale.defaulted);
  for (const loaded of locales) {
    if (loaded === sourceLocale) continue;
    for (const key of keys) if (shipped.has(key)) fill(loaded, key);
  }
}

/** Every label a used template declares (ui: in its front matter) must be in the source language. */
function checkUiLabels(templates: Map<string, CardTemplate>, loaded: LoadedLocale): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const template of templates.values()) {
    for (const key of template.ui) {
      if (reported.has(key) || key in loaded.locale.ui) continue;
      reported.add(key);
      problems.push(
        problemAtPath(
          'ui-label-missing',
          loaded.source,
          ['ui'],
          `ui.${key} is missing: template "${template.name}" shows this label${labelled(key)} (add "${key}:" under ui)`,
        ),
      );
    }
  }
  return problems;
}

/** ", the heading over …": what a shipped ui string labels, for a message about it. */
function labelled(key: string): string {
  const shipped = uiString(key);
  return shipped ? `, the ${shipped.labels}` : '';
}

/**
 * Every picto the deck shows has a text alternative in the source language (translations must then
 * have it too, like any string). A text for a picto no longer shown is harmless and left alone.
 */
function checkPictoTexts(
  uses: Array<{ name: string; source: YamlSource; at: Array<string | number> }>,
  loadedPictos: Map<string, string>,
  loaded: LoadedLocale,
): Problem[] {
  const problems: Problem[] = [];
  const texts = loaded.locale.pictos ?? {};
  const name = `locales/${loaded.language}.yaml`;
  const used = new Set<string>();
  for (const use of uses) {
    if (used.has(use.name)) continue;
    used.add(use.name);
    // A picto that failed to load is reported as such; its text is asked for once it exists.
    if (loadedPictos.has(use.name) && !(use.name in texts)) {
      problems.push(
        problemAtPath(
          'picto-text-missing',
          use.source,
          use.at,
          `picto "${use.name}" has no text alternative in ${name}: add pictos: { ${use.name}: <a few words a screen reader says instead of the picture> }`,
        ),
      );
    }
  }
  return problems;
}

/**
 * A translation holds exactly the source language's keys: missing ones and extra ones are named,
 * as errors for a build and as warnings while translating. A source text in a field its card's
 * template does not declare is reported once, in the source (checkCardTexts): no translation of
 * it is asked for, and one that is there is not called extra.
 */
export function compareWithSource(
  sourceLocale: LoadedLocale,
  loaded: LoadedLocale,
  cardFields: ReadonlyMap<string, ReadonlyMap<string, unknown> | undefined>,
  missingSeverity: Problem['severity'] = 'error',
): { problems: Problem[]; missing: LocaleString[] } {
  const problems: Problem[] = [];
  const missing: LocaleString[] = [];
  const cardIds = new Set(cardFields.keys());
  const declared = (entry: LocaleString) =>
    entry.path[0] !== 'cards' || (cardFields.get(String(entry.path[1]))?.has(String(entry.path[2])) ?? true);
  const allSource = stringsOfExistingCards(sourceLocale.locale, cardIds);
  const sourceStrings = new Map(allSource.filter(declared).map((entry) => [entry.key, entry]));
  const inSource = new Set(allSource.map((entry) => entry.key));
  const translated = new Map(stringsOfExistingCards(loaded.locale, cardIds).map((entry) => [entry.key, entry]));
  for (const [key, entry] of sourceStrings) {
    const translation = translated.get(key);
    if (!translation || !isTranslated(translation.value)) {
      missing.push(entry);
      problems.push(
        problemAtPath(
          'translation-missing',
          loaded.source,
          entry.path,
          `missing ${loaded.language} translation of ${key} (${sourceLocale.language}: "${abbreviate(entry.value ?? '')}")`,
          {
            severity: missingSeverity,
          },
        ),
      );
    }
  }
  for (const [key, entry] of translated) {
    if (!inSource.has(key)) {
      problems.push(
        problemAtPath(
          'translation-extra',
          loaded.source,
          entry.path,
          `${key} does not exist in the source language (${sourceLocale.language}); remove it`,
          { severity: missingSeverity },
        ),
      );
    }
  }
  return { problems, missing };
}

/** Shows the source text where a translation is missing, and remembers where. */
function fillFromSource(loaded: LoadedLocale, missing: LocaleString[]): void {
  for (const entry of missing) {
    setAtPath(loaded.locale, entry.path, entry.value);
    loaded.fallbacks.push(entry.key);
  }
}

function abbreviate(text: string): string {
  return text.length > 50 ? `${text.slice(0, 47)}...` : text;
}

function sortCards(cards: Card[]): Card[] {
  return cards
    .map((card, index) => ({ card, key: card.order ?? index }))
    .sort((a, b) => a.key - b.key)
    .map(({ card }) => card);
}

/**
 * The locales of a deck whose deck.yaml or cards.yaml is wrong, checked as far as what is right
 * allows: each locale file's YAML and shape, and the texts of every card that is itself valid
 * against its template. A deck with a mistake in each of its files hears of all of them at once.
 */
async function checkLocalesAlone(
  dir: string,
  project: ProjectPaths,
  known: { meta?: Deck; deck?: YamlSource; cards: Array<Pick<Card, 'id' | 'template'>> | YamlSource | undefined },
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const raw = (source: YamlSource | undefined): unknown => source?.doc.toJS();
  const rawMeta = raw(known.deck) as { languages?: unknown; sourceLanguage?: unknown } | undefined;
  const declared = known.meta?.languages ?? (Array.isArray(rawMeta?.languages) ? rawMeta.languages : undefined);
  const languages = (declared ?? (await listNamesIn([path.join(dir, 'locales')], '.yaml')).keys()) as Iterable<unknown>;
  const sourceLanguage = known.meta?.sourceLanguage ?? rawMeta?.sourceLanguage;
  const rawCards = Array.isArray(known.cards) ? known.cards : (raw(known.cards) as { cards?: unknown } | undefined)?.cards;
  // A card with a mistake elsewhere still names its id and template: its texts can be checked.
  const cards = (Array.isArray(rawCards) ? rawCards : []).flatMap((card) => {
    const named = CardNameSchema.safeParse(card);
    return named.success ? [named.data] : [];
  });
  const templates =
    cards.length > 0
      ? await loadCardTemplates(
          await cardTemplateFiles([path.join(dir, 'templates', 'cards'), path.join(project.templatesDir, 'cards')]),
          cards.map((card) => card.template),
          [path.join(dir, 'templates', 'partials'), path.join(project.templatesDir, 'partials')],
        )
      : undefined;
  for (const language of languages) {
    if (typeof language !== 'string' || language === PSEUDO_LANGUAGE) continue;
    const file = path.join(dir, 'locales', `${language}.yaml`);
    if (!(await exists(file))) continue;
    const read = await readYamlFile(file);
    problems.push(...read.problems);
    if (!read.source) continue;
    const locale = collect(validateSource(read.source, LocaleSchema), problems);
    if (locale && templates) {
      problems.push(...checkCardTexts(cards, templates.templates, { language, locale, source: read.source }, language === sourceLanguage));
    }
  }
  return problems;
}

function collect<T>(validated: { value?: T; problems: Problem[] }, into: Problem[]): T | undefined {
  into.push(...validated.problems);
  return validated.value;
}

async function readRequired(file: string) {
  if (!(await exists(file))) {
    return {
      problems: [
        fileProblem(
          'file-not-found',
          file,
          `${path.basename(file)} is missing: every deck folder needs deck.yaml, cards.yaml and locales/`,
        ),
      ],
    };
  }
  return readYamlFile(file);
}

/** Files by name without extension; earlier folders win, so a deck's own pictos override the shared ones. */
async function listNamesIn(dirs: string[], extension: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const entry of entries.sort()) {
      const name = entry.slice(0, -extension.length);
      if (entry.endsWith(extension) && !found.has(name)) found.set(name, path.join(dir, entry));
    }
  }
  return found;
}
