import type { ProjectPaths } from '../../deck/load-deck.ts';
import type { Printer } from '../../print/printer.ts';
import type { FaceRenderer } from '../../render/render-faces.ts';
import type { StageStore } from '../../shared/stage-store.ts';

/** What every stage of a set is given besides its plan. */
export interface StageContext {
  /** The set's view of the store: the entries it uses are those the set is made from. */
  store: StageStore;
  /**
   * A hash of the code a stage runs, given its module's import.meta.url (the module and all it
   * imports), and of the document date every PDF carries: other code never reuses this one's outputs.
   */
  code: (module: string) => Promise<string>;
  /** The set's printer: its prints are kept through the set's view of the store. */
  printer: Printer;
  renderer: FaceRenderer;
  project: ProjectPaths;
  workDir: string;
  chunkSize: number;
}
