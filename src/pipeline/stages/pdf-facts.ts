import { pageFacts } from '../../pdf/page-facts.ts';
import { sha256 } from '../../shared/hash.ts';
import type { SetPlan } from '../plan.ts';
import { stageKey } from '../stage-cache.ts';
import type { StageContext } from './context.ts';

/** Page count and first page size of a PDF, for the manifest. */
export async function pdfFactsStage(context: StageContext, plan: SetPlan, file: string, pdf: Uint8Array): Promise<{ pages: number; pageSizeMm: [number, number] }> {
  const output = await context.cache.run('pdf-facts', `${plan.deck.meta.id}.${plan.language}.${file}`, stageKey('pdf-facts', await context.code(import.meta.url), sha256(pdf)), async () => {
    return { result: await pageFacts(pdf), files: {} };
  });
  return output.result;
}
