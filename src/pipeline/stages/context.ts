import type { ProjectPaths } from '../../deck/load-deck.ts';
import type { Printer } from '../../print/printer.ts';
import type { FaceRenderer } from '../../render/render-faces.ts';
import type { StageCache } from '../stage-cache.ts';

/** What every stage of a set is given besides its plan. */
export interface StageContext {
  cache: StageCache;
  /** A hash of the code that makes outputs: another version never reuses this one's outputs. */
  code: string;
  printer: Printer;
  renderer: FaceRenderer;
  project: ProjectPaths;
  workDir: string;
  chunkSize: number;
}
