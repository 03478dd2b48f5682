import { execFileSync } from 'node:child_process';

/** Chromium processes whose parent is `pid`. */
export function browsersOf(pid: number): number[] {
  try {
    const children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
    return children.filter((child) => execFileSync('ps', ['-o', 'comm=', '-p', String(child)], { encoding: 'utf8' }).includes('chrom'));
  } catch {
    return [];
  }
}
