import { type ChildProcess, type ExecFileOptions, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the launcher answers: the program's output, and how it failed, if it did (execFile's error, as data). */
interface Answer {
  id: number;
  failure?: { message: string; code?: number | string; killed?: boolean; signal?: string };
  stdout: string;
  stderr: string;
}

type Waiting = (answer: Answer) => void;

let launcher: ChildProcess | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 0;

/**
 * The process that starts the build's programs. Starting a program forks the process that starts
 * it, and a fork copies the page tables of all its memory: from a build holding 800 MB that took
 * 35 ms of its main thread a program, 1.5 s in a full build's 67 renders. The launcher is a small
 * node, started once; it ends with the build (its IPC channel closes).
 */
function startedLauncher(): ChildProcess {
  if (launcher?.connected) return launcher;
  const child = fork(fileURLToPath(new URL('./process-launcher.child.js', import.meta.url)), [], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', (answer: Answer) => {
    const settle = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (waiting.size === 0) child.channel?.unref();
    settle?.(answer);
  });
  const ended = () => {
    if (launcher === child) launcher = undefined;
    // What it had started is gone with it: those steps fail as a program that could not run.
    for (const [id, settle] of waiting)
      settle({ id, failure: { message: 'the process launcher ended before the program did' }, stdout: '', stderr: '' });
    waiting.clear();
  };
  child.on('exit', ended);
  child.on('error', ended);
  // Neither the launcher nor its channel keeps the build running: a request under way does (below).
  child.unref();
  child.channel?.unref();
  launcher = child;
  return child;
}

/**
 * execFile, run by the launcher: the same options (the environment and folder are this process's
 * at the call, not at the launcher's start, unless `cwd` names another) and the same error on failure, with the output. An
 * aborted `signal` kills the program (SIGKILL).
 */
export function launch(
  command: string,
  args: string[],
  options: Pick<ExecFileOptions, 'env' | 'maxBuffer' | 'timeout' | 'killSignal'> & { signal?: AbortSignal; cwd?: string },
): Promise<{ stdout: string; stderr: string }> {
  const { signal, ...rest } = options;
  const full = { ...rest, env: rest.env ?? process.env, cwd: rest.cwd ?? currentFolder(), encoding: 'utf8' as const };
  const child = startedLauncher();
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const kill = () => child.send({ kill: id });
    waiting.set(id, ({ failure, stdout, stderr }) => {
      signal?.removeEventListener('abort', kill);
      if (!failure) resolve({ stdout, stderr });
      else reject(Object.assign(new Error(failure.message), failure, { stdout, stderr }));
    });
    child.channel?.ref();
    child.send({ id, command, args, options: full });
    if (signal?.aborted) kill();
    else signal?.addEventListener('abort', kill, { once: true });
  });
}

/** This process's folder; none when it was removed meanwhile, as execFile then runs in the launcher's. */
function currentFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}
