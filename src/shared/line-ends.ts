/**
 * Every line end a text editor may save (CRLF from Windows, a lone CR from old Mac editors, and
 * the Unicode line and paragraph separators U+2028 and U+2029) as the one line feed the readers
 * count lines by. A CRLF becomes one character, so offsets after it move, but each line keeps its
 * number and its columns.
 */
export function toLineFeeds(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}
