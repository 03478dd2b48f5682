import type { ProjectPaths } from '../../deck/load-deck.ts';
import type { Printer } from '../../print/printer.ts';
import type { FaceRenderer } from '../../render/render-faces.ts';
import type { StageCache } from '../stage-cache.ts';

/** What every stage of a set is given besides its plan. */
export interface StageContext {
  cache: StageCache;
  /**
   * A hash of the code a stage runs, given its module's import.meta.url (the module and all it
   * imports), and of the document date every PDF carries: other code never reuses this one's outputs.
   */
  code: (module: string) => Promise<string>;
  printer: Printer;
  renderer: FaceRenderer;
  project: ProjectPaths;
  workDir: string;
  chunkSize: number;
}
