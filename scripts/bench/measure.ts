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
export function treeMemoryMb(root: number, leaveOut?: number): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) if (inTree.has(ppid) && !inTree.has(pid) && pid !== leaveOut) inTree.add(pid), (grew = true);
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
 * The peak of treeMemoryMb while `work` runs, sampled every 100 ms by a process of its own
 * (memory-sampler.ts): sampling here, synchronously, would stall the build being measured and
 * inflate its time. The sampler leaves itself out of the tree it measures.
 */
export async function peakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const sampler = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./memory-sampler.ts', import.meta.url)), String(process.pid)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let printed = '';
  sampler.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const finished = new Promise<number>((resolve, reject) => {
    sampler.once('error', reject);
    sampler.once('close', (code) => (code === 0 ? resolve(Number(printed.trim())) : reject(new Error(`memory sampler exited with ${code}`))));
  });
  try {
    const result = await work();
    sampler.stdin.end();
    return { result, peakMb: await finished };
  } finally {
    if (sampler.exitCode === null) sampler.kill();
  }
}
