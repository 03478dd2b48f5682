/**
 * `[words]{lang=xx}` in a text: words in another language than the text around them. Hyphenation
 * and typography set each such run by the rules of its own language, and the card shows it in a
 * `<span lang>` (see render/helpers/text.ts, which matches the same markup after escaping).
 */
const LANGUAGE_RUN = /\[([^\]\n]+)\]\{lang=([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/g;

/**
 * Stands for a run while the text around it is set: a Unicode noncharacter, which no text a person
 * typed holds, and which is no letter, digit, space or quote to the rules of the text around it.
 */
const PLACEHOLDER = '\uFDD0';

/**
 * `change` applied to each run of a text in its own language: every `[…]{lang=xx}` run by xx, the
 * rest (with each run standing as one placeholder, so a rule sees that something is there) by
 * `language`. The markup stays.
 */
export function mapLanguageRuns(text: string, language: string, change: (text: string, language: string) => string): string {
  if (!text.includes(']{lang=')) return change(text, language);
  const runs: string[] = [];
  const around = text.replace(LANGUAGE_RUN, (_, words: string, own: string) => {
    runs.push(`[${change(words, own)}]{lang=${own}}`);
    return PLACEHOLDER;
  });
  let next = 0;
  return change(around, language).replace(new RegExp(PLACEHOLDER, 'g'), () => runs[next++]!);
}
