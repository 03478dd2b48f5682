import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Runs `work` several times and keeps median, min and max of what it returns (or of its duration in ms). */
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
 * Memory (MB) of a process and everything it started: node plus its Chromium. Proportional set
 * size, so pages Chromium's processes share are counted once, not once per process.
 */
export function treeMemoryMb(root: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) if (inTree.has(ppid) && !inTree.has(pid)) inTree.add(pid), (grew = true);
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

/** The peak of treeMemoryMb while `work` runs, sampled every 100 ms. */
export async function peakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = treeMemoryMb(process.pid);
  const timer = setInterval(() => (peakMb = Math.max(peakMb, treeMemoryMb(process.pid))), 100);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, treeMemoryMb(process.pid)) };
  } finally {
    clearInterval(timer);
  }
}
