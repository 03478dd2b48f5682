import Handlebars from 'handlebars';

/**
 * Card text with the only markup a translator needs: **bold**, *italic*, line breaks and
 * [words in another language]{lang=nl}, which a screen reader then speaks (and Chromium
 * hyphenates) in that language. Everything else is escaped, so `<script>` in a YAML string prints
 * as visible text.
 */
export function formatText(value: unknown): Handlebars.SafeString {
  if (value === null || value === undefined) return new Handlebars.SafeString('');
  const escaped = Handlebars.escapeExpression(String(value));
  // Escaping writes "=" as &#x3D;.
  const marked = escaped
    .replace(/\[([^\]\n]+)\]\{lang&#x3D;([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/g, '<span lang="$2">$1</span>')
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '<em>$1</em>')
    .replace(/\r?\n/g, '<br>');
  return new Handlebars.SafeString(marked);
}
