import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHash } from '../../shared/content-hash.ts';
import { readBytes } from '../../shared/read-bytes.ts';

/** Runs a file-to-file tool (Ghostscript) on bytes. */
export async function throughFiles(
  workDir: string,
  input: Uint8Array,
  tool: (input: string, output: string) => Promise<void>,
): Promise<Uint8Array> {
  const dir = path.join(workDir, `tool-${contentHash(input).slice(0, 12)}`);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path.join(dir, 'in.pdf'), input);
    await tool(path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf'));
    return await readBytes(path.join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
