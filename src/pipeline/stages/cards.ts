import { assembleCardsPdf } from '../../cards/cards-pdf.ts';
import { saveDeterministic } from '../../pdf-write/save-pdf.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { faceOrder } from './face-order.ts';
import type { PreparedFaces } from './faces.ts';

/** cards.pdf: one page per face, front then back for each card. */
export async function cardsStage(context: StageContext, plan: SetPlan, faces: PreparedFaces): Promise<Uint8Array> {
  const key = stageKey('cards', await context.code(import.meta.url), faces.key, plan.cards, plan.title, plan.language);
  const output = await context.store.run('cards', key, async () => {
    const cards = await assembleCardsPdf((await faces.load()).files['faces.pdf']!, faceOrder(plan));
    const pdf = await saveDeterministic(cards, {
      title: plan.title,
      subject: 'Card faces, front then back, with bleed',
      language: plan.language,
      bleed: plan.deck.meta.bleed,
      minText: { pt: plan.deck.meta.minFontSize, scope: 'all' },
    });
    return { result: null, files: { [plan.cards.file]: pdf } };
  });
  return output.files[plan.cards.file]!;
}
