import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO } from './fixtures.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would, from `cwd`. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'bin', 'kaartenset.js'), ...args],
      { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, timeout: options.timeout ?? 120_000, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
