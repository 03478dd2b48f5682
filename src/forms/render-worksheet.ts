import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fontFaceCss } from '../assets/fonts.ts';
import type { LoadedDeck, ProjectPaths } from '../deck/load-deck.ts';
import type { Worksheet } from '../deck/schema.ts';
import { BuildError } from '../shared/errors.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { compileTemplate, createHandlebars } from '../render/handlebars-env.ts';
import { pictoHelper } from '../render/helpers/picto.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import { typesetAll } from '../typography/typography.ts';
import { styleElementText } from '../shared/style-text.ts';

/** The deck's worksheet section, or a clear error for a deck without one. */
export function worksheetOf(deck: LoadedDeck): Worksheet {
  if (!deck.meta.worksheet) throw new BuildError(`deck "${deck.meta.id}" has no worksheet: add a worksheet section to ${deck.files.deck}`);
  return deck.meta.worksheet;
}

/** The files a worksheet is made of, for a watcher: its template, its stylesheet and the deck's locales. */
export function worksheetSources(project: ProjectPaths, worksheet: Worksheet): string[] {
  return [
    path.join(project.templatesDir, `${worksheet.template}.hbs`),
    path.join(project.templatesDir, 'styles', `${worksheet.template}.css`),
  ];
}

/**
 * The worksheet as one HTML document. The template gets the deck's labels (ws), categories, its
 * cards (all, and grouped by card template under kinds), and tables.<name> as the row numbers
 * 1..N; the page size comes from deck.yaml as @page and --page-width / --page-height.
 */
export async function renderWorksheet(
  project: ProjectPaths,
  deck: LoadedDeck,
  language: string,
  assetUrl: (file: string) => string,
  extraHead = '',
): Promise<string> {
  const worksheet = worksheetOf(deck);
  const [templateFile, cssFile] = worksheetSources(project, worksheet);
  const env = await createHandlebars(project.templatesDir);
  const template = await compileTemplate(env, templateFile!);
  const css = await readFile(cssFile!, 'utf8');
  const locale = typesetAll(resolveLocale(deck, language), language, deck.meta.noBreak);
  const cards = deck.cards.map((card) => ({ ...card, ...locale.cards[card.id] }));
  const kinds: Record<string, typeof cards> = {};
  for (const card of cards) (kinds[card.template] ??= []).push(card);
  const tables = Object.fromEntries(
    Object.entries(worksheet.tables).map(([name, rows]) => [name, Array.from({ length: rows }, (_, i) => i + 1)]),
  );
  const body = template(
    { deck: locale.deck, ws: locale.worksheet ?? {}, categories: deck.meta.categories, cards, kinds, tables },
    { helpers: { picto: pictoHelper(deck.pictos) } },
  );
  const { width, height } = worksheet.pageSize;
  return `<!doctype html>
<html lang="${escapeHtml(language)}" dir="${locale.language.direction}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(locale.worksheet?.title ?? worksheet.template)}</title>
<style>${fontFaceCss(assetUrl)}</style>
<style>@page { size: ${width}pt ${height}pt; margin: 0; } :root { --page-width: ${width}pt; --page-height: ${height}pt; }</style>
<style>${styleElementText(css)}</style>${extraHead}
</head>
<body>
${body}
</body>
</html>
`;
}
