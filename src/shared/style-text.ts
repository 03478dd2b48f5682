/**
 * A stylesheet as the text of a `<style>` element that it cannot end: every "<" becomes the CSS
 * escape `\3c ` (which reads as "<" in a string, an identifier or a URL, and is inert in a comment),
 * so no `</style>` or other tag can appear in it, whatever a deck's stylesheet holds.
 */
export function styleElementText(css: string): string {
  return css.replace(/</g, '\\3c ');
}
