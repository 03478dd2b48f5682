import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Runs `work` several times and keeps median, min and max of what it returns (or of its duration in ms). */
// biome-ignore lint/suspicious/noConfusingVoidType: work either returns a figure or is timed, and a timed function returns nothing
export async function repeat(runs: number, work: () => Promise<number | void>): Promise<Figure> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const value = await work();
    values.push(typeof value === 'number' ? value : performance.now() - started);
  }
  values.sort((a, b) => a - b);
  return { median: values[Math.floor(values.length / 2)]!, min: values[0]!, max: values.at(-1)!, runs };
}

/**
 * Several measurements taken side by side: each round runs every one once, in turn, so a machine
 * that slows down or speeds up during the runs weighs on all of them alike.
 */
export async function interleaved<K extends string>(runs: number, works: Record<K, () => Promise<unknown>>): Promise<Record<K, Figure>> {
  const values = Object.fromEntries(Object.keys(works).map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const [name, work] of Object.entries(works) as Array<[K, () => Promise<unknown>]>) {
      const started = performance.now();
      await work();
      values[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(
    Object.entries(values).map(([name, list]) => {
      const sorted = [...(list as number[])].sort((a, b) => a - b);
      return [name, { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs }];
    }),
  ) as Record<K, Figure>;
}

/**
 * Memory (MB) of a process and everything it started: node plus its Chromium. Proportional set
 * size, so pages Chromium's processes share are counted once, not once per process.
 */
export function treeMemoryMb(root: number, leaveOut?: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (inTree.has(ppid) && !inTree.has(pid) && pid !== leaveOut) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return [...inTree].reduce((sum, pid) => sum + pssKb(pid), 0) / 1024;
}

function pssKb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The peak of treeMemoryMb of process `root` and what it starts, sampled every 100 ms by a process
 * of its own (memory-sampler.ts) until `finished` settles: sampling here, synchronously, would
 * stall the work being measured and inflate its time. The sampler leaves itself out of the tree.
 */
async function samplePeak(root: number, finished: Promise<unknown>): Promise<number> {
  // From the repository, where tsx resolves, whatever folder the measured command runs in.
  const sampler = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./memory-sampler.ts', import.meta.url)), String(root)],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let printed = '';
  sampler.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const peak = new Promise<number>((resolve, reject) => {
    sampler.once('error', reject);
    sampler.once('close', (code) =>
      code === 0 ? resolve(Number(printed.trim())) : reject(new Error(`memory sampler exited with ${code}`)),
    );
  });
  try {
    await finished;
    sampler.stdin.end();
    return await peak;
  } finally {
    if (sampler.exitCode === null) sampler.kill();
  }
}

/**
 * A command run as a user runs it, its wall time and the peak memory of it and everything it
 * starts (node plus its Chromium), without the bench's own process.
 */
export async function measureCommand(command: string, args: string[], cwd: string): Promise<{ ms: number; peakMb: number }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${errors}`)),
    );
  });
  const peakMb = await samplePeak(child.pid!, exited);
  return { ms: performance.now() - started, peakMb };
}
