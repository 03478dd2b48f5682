import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

/* Bad use of `kaartenset proof` is exit 2 with a located message, never a stack or a comparison. */

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-proof-cli-'));
  await mkdir(path.join(work, 'empty'));
  await mkdir(path.join(work, 'dist', 'mini', 'en'), { recursive: true });
  await writeFile(path.join(work, 'dist', 'mini', 'en', 'manifest.json'), JSON.stringify({ deck: 'mini', language: 'en', faceHashes: [] }));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('proof, used wrongly', () => {
  it('refuses an --out that holds no build, with exit 2 and the problem as JSON', async () => {
    const result = await runCli(['proof', '--against', 'dist', '--out', 'empty', '--json'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out empty: holds no build');
    expect(result.stderr).not.toMatch(/\bat .+\.ts:\d+/);
    expect(JSON.parse(result.stdout).problems).toEqual([expect.objectContaining({ code: 'proof-no-build', severity: 'error' })]);
  });

  it('refuses an --against folder that holds no build', async () => {
    const result = await runCli(['proof', '--against', 'empty'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--against empty: holds no build');
  });

  it('refuses an --against that is neither a folder nor a revision before building anything', async () => {
    const result = await runCli(['proof', '--against', path.join(work, 'nonexistent')], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--against ${path.join(work, 'nonexistent')}: no such folder`);
    expect(result.stderr).not.toContain('building');
  });

  it('refuses to write the proof inside the output folder, which the build owns', async () => {
    const result = await runCli(['proof', '--against', 'dist', '--proof-dir', 'dist/proof'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--proof-dir dist/proof: is inside the output folder dist');
  });

  it('asks for --against', async () => {
    const result = await runCli(['proof'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--against <folder|revision>' not specified");
  });
});
