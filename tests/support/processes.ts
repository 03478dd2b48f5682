import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Chromium processes whose parent is `pid`. */
export function browsersOf(pid: number): number[] {
  try {
    const children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return children.filter((child) => execFileSync('ps', ['-o', 'comm=', '-p', String(child)], { encoding: 'utf8' }).includes('chrom'));
  } catch {
    return [];
  }
}

/** Processes of a process group that still run (zombies left out): a Chromium's helpers share its group. */
export function runningInGroup(groupId: number): number[] {
  try {
    const rows = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' }).trim().split('\n');
    return rows
      .map((row) => row.trim().split(/\s+/))
      .filter(([, group, stat]) => Number(group) === groupId && !stat!.startsWith('Z'))
      .map(([pid]) => Number(pid));
  } catch {
    return [];
  }
}

/**
 * Whether a process runs: a zombie does not. Signal 0 reaches zombies too, and in a container the
 * first process may never reap a Chromium whose parent exited before it could.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Where there is no /proc (macOS), a zombie cannot be told from a running process.
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
