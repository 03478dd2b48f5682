import { readdir, readFile } from 'node:fs/promises';
import { launch } from './process-launcher.ts';

/** Whether a process with this id exists (one owned by another user counts): stale locks and folders are told apart by it. */
export function isProcessRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as the system counts it (Linux: clock ticks since boot, from
 * /proc/<pid>/stat), to tell a process from a later one given the same id; undefined where the
 * system does not say, or the process is gone.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // pid (comm) state ppid ... starttime is field 22; comm may hold spaces, so fields count from its last ')'.
  const started = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return started && /^\d+$/.test(started) ? started : undefined;
}

/**
 * Ends a process group (a Chromium and every helper it started) and waits until none of its
 * processes runs any more, at most `waitMs`. A helper that outlives its parent keeps writing into
 * files its parent owned. Zombies count as ended: they write nothing, and in a container nobody may
 * ever reap them.
 */
export async function endProcessGroup(groupId: number, waitMs = 5000): Promise<void> {
  try {
    process.kill(-groupId, 'SIGKILL');
  } catch {
    return;
  }
  for (const deadline = Date.now() + waitMs; Date.now() < deadline && (await groupRuns(groupId)); ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function groupRuns(groupId: number): Promise<boolean> {
  try {
    process.kill(-groupId, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  // Signal 0 reaches zombies too: only /proc tells a running member from one that waits to be reaped.
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')));
  return stats.some((stat) => {
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so fields count from its last ')'.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(group) === groupId && state !== 'Z' && state !== 'X';
  });
}

/**
 * How long a tool may take on a file of `bytes`: a minute, and 20 s per MB on top (a 115-card press
 * file converts or renders in seconds; a hanging program is stopped in minutes, not hours).
 */
export function scaledTimeLimitMs(bytes: number): number {
  return 60_000 + Math.ceil((bytes / 1024 / 1024) * 20_000);
}

/** A program run for one step of the build that did not finish within its time limit, and was stopped. */
export class TimeLimitError extends Error {
  constructor(
    readonly step: string,
    readonly limitMs: number,
  ) {
    super(`${step} did not finish within ${Math.round(limitMs / 1000)} s, and was stopped`);
    this.name = 'TimeLimitError';
  }
}

/**
 * Runs a program for one step of the build with a time limit: past it the program is killed
 * (SIGKILL, which it cannot ignore or hang in) and the step fails as a TimeLimitError naming it.
 * Any other failure is execFile's, with the program's output. Started by the process launcher;
 * an aborted `signal` kills it.
 */
export function runWithTimeLimit(
  command: string,
  args: string[],
  options: { step: string; limitMs: number; env?: NodeJS.ProcessEnv; maxBuffer?: number; signal?: AbortSignal; cwd?: string },
): Promise<{ stdout: string; stderr: string }> {
  const started = Date.now();
  const { env, maxBuffer, signal, cwd } = options;
  return launch(command, args, { env, maxBuffer, signal, cwd, timeout: options.limitMs, killSignal: 'SIGKILL' }).catch((error) => {
    if (error.killed && error.signal === 'SIGKILL' && Date.now() - started >= options.limitMs)
      throw new TimeLimitError(options.step, options.limitMs);
    throw error;
  });
}
