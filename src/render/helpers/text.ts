import Handlebars from 'handlebars';

/**
 * Card text with the only markup a translator needs: **bold**, *italic* and line breaks.
 * Everything else is escaped, so `<script>` in a YAML string prints as visible text.
 */
export function formatText(value: unknown): Handlebars.SafeString {
  if (value === null || value === undefined) return new Handlebars.SafeString('');
  const escaped = Handlebars.escapeExpression(String(value));
  const marked = escaped
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '<em>$1</em>')
    .replace(/\r?\n/g, '<br>');
  return new Handlebars.SafeString(marked);
}
