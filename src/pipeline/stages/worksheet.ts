import path from 'node:path';
import { LOCALE_SCHEMA_FILE } from '../../deck/locale-schema-name.ts';
import { folderHash } from '../../shared/hash.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';

/**
 * The key of the worksheet: the project's and the deck's templates and files, the deck's data and
 * fonts, this language's texts (not the other languages' files), the bundled fonts, the browser
 * and the printer's code. Known before the modules that make it load.
 */
export async function worksheetKey(context: StageContext, plan: SetPlan): Promise<string> {
  const { deck } = plan;
  const printing = await context.printer.environment(deck.fonts.map((font) => font.file));
  return stageKey(
    'worksheet',
    await context.code(import.meta.url),
    await folderHash(context.project.templatesDir),
    await folderHash(deck.dir, ['locales'], [LOCALE_SCHEMA_FILE]),
    deck.meta,
    deck.cards,
    plan.locale,
    [...deck.pictos],
    plan.fit,
    printing,
  );
}

/** The fillable worksheet (forms/), printed through the same Chromium; its print is kept with it. */
export async function worksheetStage(context: StageContext, plan: SetPlan, key: string): Promise<Uint8Array> {
  const file = plan.worksheet!.file;
  const output = await context.store.run('worksheet', key, async (store) => {
    const { buildWorksheet } = await import('../../forms/build-worksheet.ts');
    const built = await buildWorksheet(
      context.printer.using(store),
      context.project,
      plan.deck,
      plan.language,
      path.join(context.workDir, 'worksheet'),
    );
    return { result: null, files: { [file]: built.pdf } };
  });
  return output.files[file]!;
}
