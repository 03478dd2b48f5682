import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaceGeometry } from '../../deck/face-geometry.ts';
import { contentHash } from '../../shared/content-hash.ts';
import { stageKey } from '../../shared/stage-store.ts';
import type { SetPlan } from '../plan.ts';
import type { StageContext } from './context.ts';
import { readBytes } from '../../shared/read-bytes.ts';

/** PNG and WebP per face and the contact sheet, rasterised from cards.pdf. */
export async function previewsStage(
  context: StageContext,
  plan: SetPlan,
  cardsPdf: Uint8Array,
  geometry: FaceGeometry,
): Promise<Record<string, Uint8Array>> {
  const previews = plan.previews!;
  const key = stageKey('previews', await context.code(import.meta.url), contentHash(cardsPdf), previews, geometry);
  const output = await context.store.run('previews', key, async () => {
    const dir = path.join(context.workDir, 'previews');
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(path.join(dir, 'cards.pdf'), cardsPdf);
      // sharp (native code) loads only for a build that makes previews.
      const { makePreviews } = await import('../../preview/previews.ts');
      const made = await makePreviews(path.join(dir, 'cards.pdf'), path.join(dir, 'out'), previews.faceNames, geometry);
      const names = [...made.pngs, ...made.thumbs, made.contactSheet];
      const files = Object.fromEntries(
        await Promise.all(
          names.map(async (name) => [name.split(path.sep).join('/'), await readBytes(path.join(dir, 'out', name))] as const),
        ),
      );
      if (made.contactSheet !== previews.contactSheet.file)
        throw new Error(`previews wrote ${made.contactSheet}, the plan names ${previews.contactSheet.file}`);
      return { result: null, files };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return output.files;
}
