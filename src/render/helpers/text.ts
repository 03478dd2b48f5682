import Handlebars from 'handlebars';
import { directionOf } from '../../deck/text-direction.ts';

/**
 * A text shown in another language than the face's: the source language's text where a
 * translation is missing (--allow-missing) or is an unconfirmed copy of the source
 * (--allow-unfinished). A template prints it as it prints any string, `{{ui.example}}` or
 * `{{text t.body}}`, and it comes out in a `<span lang dir>` of its own language.
 */
export class TextInLanguage {
  constructor(
    readonly text: string,
    readonly language: string,
  ) {}

  toString(): string {
    return this.text;
  }

  /** What `{{value}}` prints (Handlebars asks an object for its HTML). */
  toHTML(): string {
    return inLanguage(Handlebars.escapeExpression(this.text), this.language);
  }
}

/**
 * Markup in a language of its own, isolated from the text around it (`dir` isolates in HTML): a
 * Dutch run in an Arabic card keeps its full stop at its end, on the right.
 */
function inLanguage(html: string, language: string): string {
  return `<span lang="${language}" dir="${directionOf(language)}">${html}</span>`;
}

/**
 * Card text with the only markup a translator needs: **bold**, *italic*, line breaks and
 * [words in another language]{lang=nl}, which a screen reader then speaks (and hyphenation and
 * typography set) in that language. Everything else is escaped, so `<script>` in a YAML string
 * prints as visible text.
 */
export function formatText(value: unknown): Handlebars.SafeString {
  if (value === null || value === undefined) return new Handlebars.SafeString('');
  if (value instanceof TextInLanguage) return new Handlebars.SafeString(inLanguage(formatText(value.text).toString(), value.language));
  const escaped = Handlebars.escapeExpression(String(value));
  // Escaping writes "=" as &#x3D;.
  const marked = escaped
    .replace(/\[([^\]\n]+)\]\{lang&#x3D;([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/g, (_, words: string, language: string) =>
      inLanguage(words, language),
    )
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '<em>$1</em>')
    .replace(/\r?\n/g, '<br>');
  return new Handlebars.SafeString(marked);
}
