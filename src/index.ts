/** The library behind the CLI: every command is one of these calls. */
import path from 'node:path';
import { declaredFields } from './deck/card-templates.ts';
import { deckJsonSchemas } from './deck/json-schema.ts';
import { projectPaths } from './deck/load-deck.ts';

export { checkDecks, type CheckedDeck, type CheckReport } from './check/check-decks.ts';
export { buildDecks } from './pipeline/build-decks.ts';
export type { BuildOptions, BuildSummary, LanguageBuild } from './pipeline/build-options.ts';
export { startDevServer, type DevServer, type DevServerOptions } from './dev/dev-server.ts';
export { addLanguage, exportLanguage, formatOf, importLanguage, lockLanguage, refreshComments, statusOfDecks } from './i18n/commands.ts';
export { createDeck, CARD_SIZES, type NewDeck, type NewDeckOptions } from './starter/new-deck.ts';
export { preflightFile, preflightFiles, formatReports, type PreflightReport } from './preflight/preflight.ts';
export { loadDeck, projectPaths } from './deck/load-deck.ts';
export type { LoadedDeck, ProjectPaths } from './deck/load-deck.ts';
export { formatProblem, formatProblems, problemJson, ProblemError, InputError, BuildError, EnvironmentError } from './shared/errors.ts';
export type { Problem, Location, TextLocation, PdfLocation } from './shared/errors.ts';
export type { Deck, Card, Locale } from './deck/schema.ts';

/** JSON Schemas of the deck files and sheet profiles, for editors; card texts follow the project's templates. */
export async function allJsonSchemas(root: string): Promise<Record<string, unknown>> {
  return deckJsonSchemas(await declaredFields(path.join(projectPaths(path.resolve(root)).templatesDir, 'cards')));
}
