import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../shared/hash.ts';

/**
 * The face hashes of the last build of one deck in one language (its manifest.json under the
 * output folder), by face id; undefined when that set was never built there or its manifest
 * cannot be read. Read on every refresh, so a build made while dev runs counts at the next save.
 */
export async function lastBuildHashes(out: string, deck: string, language: string): Promise<Map<string, string> | undefined> {
  const text = await readFile(path.join(out, deck, language, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const { faceHashes } = JSON.parse(text) as { faceHashes?: unknown };
    if (!Array.isArray(faceHashes)) return undefined;
    return new Map(faceHashes.map((entry: { face: string; hash: string }) => [entry.face, entry.hash]));
  } catch {
    return undefined;
  }
}

/** The sha256 of font files' bytes, each read again only when its size or modification time changed. */
export class FontHashes {
  private readonly known = new Map<string, { stamp: string; hash: Promise<string> }>();

  async of(files: string[]): Promise<string[]> {
    return Promise.all(
      files.map(async (file) => {
        const { size, mtimeMs } = await stat(file);
        const stamp = `${size}:${mtimeMs}`;
        let entry = this.known.get(file);
        if (entry?.stamp !== stamp) this.known.set(file, (entry = { stamp, hash: readFile(file).then(sha256) }));
        return entry.hash;
      }),
    );
  }
}
