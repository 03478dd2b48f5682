import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fontFaceCss } from '../assets/fonts.ts';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import { BuildError } from '../shared/errors.ts';
import { compileTemplate, createHandlebars } from '../render/handlebars-env.ts';
import { pictoHelper } from '../render/helpers/picto.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';

const INTERVENTION_ROWS = 6;
const SIGNAL_ROWS = 3;

/** The worksheet as one HTML document: labels from the locale, cards of the deck as choices. */
export async function renderWorksheet(project: ProjectPaths, deck: LoadedDeck, language: string, assetUrl: (file: string) => string): Promise<string> {
  const name = deck.meta.worksheet;
  if (!name) throw new BuildError(`deck "${deck.meta.id}" has no worksheet`);
  const env = await createHandlebars(project.templatesDir);
  const template = await compileTemplate(env, path.join(project.templatesDir, `${name}.hbs`));
  const css = await readFile(path.join(project.templatesDir, 'styles', `${name}.css`), 'utf8');
  const locale = resolveLocale(deck, language);
  const cardsOf = (kind: string) =>
    deck.cards
      .filter((card) => card.template === kind)
      .map((card) => ({ key: card.id.replace(/^r\d-/, ''), title: locale.cards[card.id]?.title, number: card.number, picto: card.picto }));
  const body = template(
    {
      deck: locale.deck,
      ws: locale.worksheet ?? {},
      categories: deck.meta.categories,
      conditions: cardsOf('condition'),
      factors: cardsOf('factor'),
      levels: cardsOf('level'),
      interventionRows: Array.from({ length: INTERVENTION_ROWS }, (_, i) => i + 1),
      signalRows: Array.from({ length: SIGNAL_ROWS }, (_, i) => i + 1),
    },
    { helpers: { picto: pictoHelper(deck.pictos) } },
  );
  return `<!doctype html>
<html lang="${language}" dir="${locale.language.direction}">
<head>
<meta charset="utf-8">
<title>${locale.worksheet?.title ?? name}</title>
<style>${fontFaceCss(assetUrl)}</style>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
