/**
 * What a translation must keep of its source, as gettext's and translate-toolkit's checks hold
 * translators to it: each {placeholder} (filled in by the templates), *emphasis* and **strong**
 * markers closed, and the line breaks of a source set in lines. Returns what differs, in words, or undefined.
 */
export function markupDifference(source: string, translation: string): string | undefined {
  const differences: string[] = [];
  // [words]{lang=nl} marks another language's words: the translator's own markup, free to add or leave out.
  const placeholders = (text: string) => [...text.matchAll(/(?<!\])\{[^{}\s]*\}/g)].map((match) => match[0]).sort();
  const want = placeholders(source);
  const have = placeholders(translation);
  if (want.join('\u0000') !== have.join('\u0000')) {
    const missing = want.filter((name) => !have.includes(name));
    const extra = have.filter((name) => !want.includes(name));
    differences.push(
      `the placeholders differ from the source's (${[...(missing.length ? [`missing ${missing.join(' ')}`] : []), ...(extra.length ? [`unknown ${extra.join(' ')}`] : [])].join(', ') || `${have.length} where the source has ${want.length}`}): keep each {…} exactly as it is`,
    );
  }
  // Emphasis may be added (a title in another language set in italics) but never left open: an odd * prints as a stray asterisk.
  const stars = (text: string) => text.split('*').length - 1;
  if (stars(translation) % 2 === 1)
    differences.push(
      `it has ${stars(translation)} * (the source ${stars(source)}): *emphasis* and **strong** need a * or ** on both sides, or a stray * prints`,
    );
  // A source set in lines (steps, an address) keeps them; a one-line source may be broken where the translation needs it.
  const breaks = (text: string) => text.split('\n').length - 1;
  if (breaks(source) > 0 && breaks(source) !== breaks(translation))
    differences.push(`it has ${breaks(translation)} line break(s) where the source has ${breaks(source)}`);
  return differences.length > 0 ? differences.join('; ') : undefined;
}
