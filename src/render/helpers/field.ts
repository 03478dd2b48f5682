import Handlebars from 'handlebars';

/**
 * Marks an element as a named text field: {{field "title"}} gives data-field="title", which the
 * fit and overflow checks report by name.
 */
export function fieldHelper(name: unknown): Handlebars.SafeString {
  return new Handlebars.SafeString(`data-field="${Handlebars.escapeExpression(String(name))}"`);
}
