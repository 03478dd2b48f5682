/**
 * Six capital letters derived from a font program's bytes, for the `ABCDEF+Name` of a subset: the
 * same subset always gets the same tag, different subsets almost never share one (26^6 tags), so a
 * RIP that caches fonts by name across ganged jobs never prints one job with another's glyphs.
 * Pure (cyrb53, no Node API): the print page names the fonts of the sheets it makes in the browser
 * the same way the build does.
 */
export function contentTag(program: Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const byte of program) {
    h1 = Math.imul(h1 ^ byte, 2654435761);
    h2 = Math.imul(h2 ^ byte, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  let hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  let tag = '';
  for (let i = 0; i < 6; i++, hash = Math.floor(hash / 26)) tag += String.fromCharCode(65 + (hash % 26));
  return tag;
}
