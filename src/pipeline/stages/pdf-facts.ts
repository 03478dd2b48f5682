import { pageFacts } from '../../pdf/page-facts.ts';
import { contentHash } from '../../shared/content-hash.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { StageContext } from './context.ts';

/** Page count and first page size of a PDF, for the manifest. */
export async function pdfFactsStage(context: StageContext, pdf: Uint8Array): Promise<{ pages: number; pageSizeMm: [number, number] }> {
  const key = stageKey('pdf-facts', await context.code(import.meta.url), contentHash(pdf));
  const output = await context.store.run('pdf-facts', key, async () => ({ result: await pageFacts(pdf), files: {} }));
  return output.result;
}
