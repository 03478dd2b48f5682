import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Ghostscript's ICC profiles, as Debian ships them. */
export const GHOSTSCRIPT_ICC = '/usr/share/color/icc/ghostscript';

/** Ghostscript's own CMYK printer profile (SWOP). */
export const SWOP = path.join(GHOSTSCRIPT_ICC, 'default_cmyk.icc');

/**
 * Ghostscript's SWOP profile with another description written into its desc tag, in place: a real
 * CMYK printer profile that names the characterisation a shop's profile would (Debian ships no
 * FOGRA or GRACoL profile).
 */
export async function profileDescribedAs(dir: string, description: string): Promise<string> {
  const bytes = Buffer.from(await readFile(SWOP));
  const tags = bytes.readUInt32BE(128);
  for (let i = 0; i < tags; i++) {
    const entry = 132 + 12 * i;
    if (bytes.toString('latin1', entry, entry + 4) !== 'desc') continue;
    const at = bytes.readUInt32BE(entry + 4);
    const room = bytes.readUInt32BE(at + 8);
    const ascii = Buffer.from(description, 'latin1');
    if (ascii.length >= room) throw new Error(`"${description}" is longer than the ${room - 1} bytes the desc tag holds`);
    bytes.fill(0, at + 12, at + 12 + room);
    ascii.copy(bytes, at + 12);
  }
  const file = path.join(dir, `${description.replace(/\W+/g, '-')}.icc`);
  await writeFile(file, bytes);
  return file;
}
