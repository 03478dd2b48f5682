import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FaceGeometry } from '../../deck/face-geometry.ts';
import type { SheetVariant } from '../../deck/sheet-profile-schema.ts';
import { writePrintKit } from '../../print-page/print-kit.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { faceOrder } from './face-order.ts';
import type { PreparedFaces } from './faces.ts';
import { typesetAll } from '../../typography/typography.ts';
import { readBytes } from '../../shared/read-bytes.ts';

/** The print page's kit: every variant's faces, school profiles, covers and fonts, for sheets made in the browser. */
export async function printKitStage(
  context: StageContext,
  plan: SetPlan,
  faces: Map<SheetVariant, PreparedFaces>,
): Promise<Record<string, Uint8Array>> {
  const { language } = plan;
  // The print page's words and card titles are set as the cards are: typographic quotes, no-break terms.
  const locale = typesetAll(plan.locale, language, plan.deck.meta.noBreak);
  const { slug } = plan;
  const order = faceOrder(plan);
  const key = stageKey(
    'print-kit',
    await context.code(import.meta.url),
    [...faces].map(([variant, prepared]) => [variant, prepared.key]),
    plan.title,
    locale,
    plan.deck.meta.order,
    plan.deck.meta.languages,
    [...plan.deck.profiles],
    order.map(({ card, front, back }) => [card.id, card.count, front, back]),
    slug,
  );
  const output = await context.store.run('print-kit', key, async () => {
    const bytes = new Map<SheetVariant, Uint8Array>();
    let geometry: FaceGeometry | undefined;
    for (const [variant, prepared] of faces) {
      const loaded = await prepared.load();
      bytes.set(variant, loaded.files['faces.pdf']!);
      geometry ??= loaded.result.geometry;
    }
    const dir = path.join(context.workDir, 'print-kit');
    await mkdir(dir, { recursive: true });
    try {
      const names = await writePrintKit(dir, { deck: plan.deck, language, locale, geometry: geometry!, order, faces: bytes, slug });
      return {
        result: null,
        files: Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readBytes(path.join(dir, name))] as const))),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return output.files;
}
