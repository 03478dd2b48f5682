/**
 * Work to undo when the process is interrupted (Ctrl-C, SIGTERM): close browsers, remove staging
 * folders, release locks. A stage registers what it started and unregisters it when done; the CLI's
 * signal handler runs whatever is still registered before it exits.
 */
const pending = new Set<() => Promise<void> | void>();

/** Registers `undo`; the returned function unregisters it once the work finished normally. */
export function onInterrupt(undo: () => Promise<void> | void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/**
 * Runs every registered undo in the order registered, each at most once; never throws. Browsers are
 * registered before the folders they print into, so they stop first and nothing writes into a
 * staging folder after it was removed.
 */
export async function runInterruptHandlers(): Promise<void> {
  const handlers = [...pending];
  pending.clear();
  for (const handler of handlers) {
    try {
      await handler();
    } catch {
      // Leftovers of an interrupted run are cleared at the next start; exiting matters more here.
    }
  }
}
