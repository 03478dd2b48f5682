import path from 'node:path';
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { cardTemplateFiles, loadCardTemplates } from '../deck/card-templates.ts';
import type { ProjectPaths } from '../deck/load-deck.ts';
import { CardsFileSchema, DeckSchema } from '../deck/schema.ts';
import { validateSource } from '../deck/validate.ts';
import { readYamlFile } from '../deck/yaml-source.ts';
import { InputError, type Problem } from '../shared/errors.ts';
import { LOCALE_MODELINE } from '../deck/locale-schema-file.ts';
import { directionOf } from '../deck/text-direction.ts';
import { defaultUiText } from '../deck/ui-strings.ts';

/**
 * The source language's locale of a deck that has none yet, from nothing but deck.yaml, cards.yaml
 * and the fields its cards' templates declare: every string the deck needs, empty, with a comment
 * saying what it is. The deck builds once they are filled in.
 */
export async function scaffoldSourceLocale(deckDir: string, project: ProjectPaths, language: string): Promise<string> {
  const problems: Problem[] = [];
  const [deckFile, cardsFile] = await Promise.all([
    readYamlFile(path.join(deckDir, 'deck.yaml')),
    readYamlFile(path.join(deckDir, 'cards.yaml')),
  ]);
  problems.push(...deckFile.problems, ...cardsFile.problems);
  const meta = deckFile.source && validateSource(deckFile.source, DeckSchema);
  const cards = cardsFile.source && validateSource(cardsFile.source, CardsFileSchema);
  problems.push(...(meta?.problems ?? []), ...(cards?.problems ?? []));
  if (!meta?.value || !cards?.value) throw new InputError(problems.filter((problem) => problem.severity === 'error'));

  const files = await cardTemplateFiles([path.join(deckDir, 'templates', 'cards'), path.join(project.templatesDir, 'cards')]);
  const { templates } = await loadCardTemplates(
    files,
    cards.value.cards.map((card) => card.template),
    [path.join(deckDir, 'templates', 'partials'), path.join(project.templatesDir, 'partials')],
  );
  // Labels kaartenset ships words for in this language need none here; the deck may still write its own.
  const labels = [...new Set([...templates.values()].flatMap((template) => template.ui))].filter(
    (label) => defaultUiText(label, language) === undefined,
  );
  const cardTexts = Object.fromEntries(
    cards.value.cards.map((card) => {
      const fields = [...(templates.get(card.template)?.fields.values() ?? [])];
      return [card.id, Object.fromEntries(fields.map((field) => [field.name, field.kind === 'list' ? [null] : null]))];
    }),
  );
  const doc = new Document({
    language: { name: languageName(language), direction: directionOf(language) },
    deck: { title: null, subtitle: null },
    categories: Object.fromEntries(Object.keys(meta.value.categories).map((id) => [id, { name: null }])),
    ui: Object.fromEntries(labels.map((label) => [label, null])),
    cards: cardTexts,
  });
  doc.commentBefore = ` ${LOCALE_MODELINE}\n Source texts of deck ${meta.value.id} in "${language}", its source language.\n Fill in every empty value (an optional one you do not need may be removed);\n then \`npx kaartenset check\`, and \`npx kaartenset i18n add <lang>\` for a translation.`;
  const describe = (cardId: string, field: string): string | undefined => {
    const card = cards.value!.cards.find((c) => c.id === cardId);
    const declared = card && templates.get(card.template)?.fields.get(field);
    return (
      declared &&
      ` ${declared.description ?? field} (${declared.kind}${declared.required ? ', required' : ', optional'}; template ${card.template})`
    );
  };
  commentEmptyValues(doc.contents as Node, [], describe);
  return doc.toString({ lineWidth: 0, nullStr: '' });
}

function commentEmptyValues(node: Node, path: string[], describe: (cardId: string, field: string) => string | undefined): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const here = [...path, key];
    const empty = (isScalar(pair.value) && pair.value.value === null) || isSeq(pair.value);
    if (empty) (pair.key as Node).commentBefore = (here[0] === 'cards' ? describe(here[1]!, key) : undefined) ?? ` ${here.join(' ')}`;
    else commentEmptyValues(pair.value as Node, here, describe);
  }
}

function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language);
    return name ? name.charAt(0).toLocaleUpperCase(language) + name.slice(1) : language;
  } catch {
    return language;
  }
}
