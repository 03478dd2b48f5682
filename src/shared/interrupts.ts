import os from 'node:os';

/**
 * Work to undo when the process is interrupted (Ctrl-C, SIGTERM): close browsers, remove staging
 * folders, release locks. A stage registers what it started and unregisters it when done.
 *
 * The signals are caught only while something is registered. A caught signal is handled between
 * two steps of JavaScript, so it would wait for a long synchronous step (parsing a large YAML file
 * or picto) to finish; with nothing to undo the signal is left to the system, which ends the
 * process at once, whatever it is computing.
 */
type Undo = () => Promise<void> | void;
/** Undone first: what may still write into the others (a browser printing into a staging folder). */
const first = new Set<Undo>();
const pending = new Set<Undo>();
/** Ctrl-C, a kill, and the terminal closing under the command (an SSH session dropped). */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
let interrupting = false;
/** 128 plus the signal's number, as a shell reports a command the signal ended: 130 for Ctrl-C. */
let exitCode = 130;
let removal: NodeJS.Immediate | undefined;

/** True once an interrupt is being handled: work that has not started yet should not start. */
export function interrupted(): boolean {
  return interrupting;
}

/**
 * Registers `undo` (with `first`, before everything registered without it); the returned function
 * unregisters it once the work finished normally.
 */
export function onInterrupt(undo: Undo, options: { first?: boolean } = {}): () => void {
  const set = options.first ? first : pending;
  set.add(undo);
  listen();
  return () => {
    set.delete(undo);
    listen();
  };
}

/**
 * For the CLI: on Ctrl-C, SIGTERM or SIGHUP while work is registered, say so, undo it and exit with
 * 128 plus the signal's number. A library caller keeps its own signal handling.
 */
export function exitOnInterrupt(): void {
  stopListening();
  onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while cleaning up ends the process at once.
    if (interrupting) process.exit(exitCode);
    exitCode = 128 + (os.constants.signals[signal] ?? 2);
    console.error(`\nkaartenset: interrupted; cleaning up (a second Ctrl-C stops at once, and the next build clears what is left)`);
    void runInterruptHandlers().finally(() => process.exit(exitCode));
  };
  listen();
}

/** The exit status of an interrupted command: 130 after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP. */
export function interruptExitCode(): number {
  return exitCode;
}

/**
 * Adds the listener when work is registered; removes it once none is, but only after a full turn of
 * the event loop. Node stops watching a signal when its last listener goes, which drops a signal
 * that arrived during the current synchronous step and has not been read yet: the next turn reads it.
 */
function listen(): void {
  const handler = onSignal;
  if (!handler) return;
  if (first.size + pending.size > 0) {
    if (removal) clearImmediate(removal);
    removal = undefined;
    for (const signal of SIGNALS) if (!process.listeners(signal).includes(handler)) process.on(signal, handler);
    return;
  }
  removal ??= setImmediate(() => {
    // Scheduled from the check phase, this runs after the next poll, which reads pending signals.
    removal = setImmediate(() => {
      removal = undefined;
      if (first.size + pending.size === 0) stopListening();
    }).unref();
  }).unref();
}

function stopListening(): void {
  if (onSignal) for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Runs every registered undo, the `first` ones first, then in the order registered, each at most
 * once; never throws. Browsers stop before the staging folders they print into are removed. Work
 * registered while this runs (a build claiming its output folder as its browser closes) is undone
 * too, before this returns and the process exits.
 */
export async function runInterruptHandlers(): Promise<void> {
  interrupting = true;
  while (first.size + pending.size > 0) {
    const handler = [...first, ...pending][0]!;
    first.delete(handler);
    pending.delete(handler);
    try {
      await handler();
    } catch {
      // Leftovers of an interrupted run are cleared at the next start; exiting matters more here.
    }
  }
}
