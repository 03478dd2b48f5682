import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export function sha256Base64(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A hash of every file under a folder, names and contents; but those under the subfolders
 * `leaveOut`, and files named `ignoredNames` anywhere (what is written from the other files, for editors).
 */
export async function folderHash(dir: string, leaveOut: string[] = [], ignoredNames: string[] = []): Promise<string> {
  const left = leaveOut.map((folder) => path.join(dir, folder));
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
    (entry) =>
      entry.isFile() &&
      !ignoredNames.includes(entry.name) &&
      !left.some((folder) => entry.parentPath === folder || entry.parentPath.startsWith(`${folder}${path.sep}`)),
  );
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return `${path.relative(dir, file)}:${sha256(await readFile(file))}`;
    }),
  );
  return sha256(parts.sort().join('\n'));
}
