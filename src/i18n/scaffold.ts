import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LoadedLocale } from '../deck/load-deck.ts';
import type { LocaleString } from '../deck/locale-strings.ts';
import { LOCALE_MODELINE } from '../deck/locale-schema-file.ts';
import { directionOf } from '../deck/text-direction.ts';
import { defaultUiText } from '../deck/ui-strings.ts';

/**
 * A new locale file: the source's structure with every value empty and the source text as a
 * comment above it, so a translator only fills in values.
 */
export function scaffoldLocale(source: LoadedLocale, language: string): string {
  // Without aliases: a source whose texts repeat (written with anchors) gets one value per key to translate.
  const doc = new Document(withShippedUi(source, language), { aliasDuplicateObjects: false });
  // The modeline lets editors with the YAML language server check the file against the schema as it is typed.
  doc.commentBefore = ` ${LOCALE_MODELINE}\n Translation of this deck into "${language}". Source language: ${source.language}.\n Fill in every empty value; the source text is the comment above it.\n Run \`npx kaartenset i18n status\` to see what is left.`;
  emptyValues(doc.contents as Node, []);
  doc.setIn(['language', 'direction'], directionOf(language));
  return doc.toString({ lineWidth: 0, nullStr: '' });
}

/**
 * The source's texts, with the ui strings it takes from kaartenset's shipped words where there are
 * none in `language`: those the translator writes, like any other string.
 */
function withShippedUi(source: LoadedLocale, language: string): Record<string, unknown> {
  const texts = source.source.doc.toJS() as Record<string, unknown>;
  const untranslated = source.defaulted.filter((key) => defaultUiText(key, language) === undefined);
  if (untranslated.length === 0) return texts;
  const ui = { ...(texts.ui as Record<string, unknown> | undefined) };
  for (const key of untranslated) ui[key] = source.locale.ui[key];
  return { ...texts, ui };
}

function emptyValues(node: Node, path: Array<string | number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.value)) {
        if (path.length === 1 && path[0] === 'language' && key === 'direction') continue;
        (pair.key as Node).commentBefore = commentFor(String(pair.value.value));
        pair.value.value = null;
      } else {
        emptyValues(pair.value as Node, [...path, key]);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (isScalar(item)) {
        item.commentBefore = commentFor(String(item.value));
        item.value = null;
      } else emptyValues(item as Node, [...path, index]);
    });
  }
}

/**
 * Rewrites the comment above each translated string to today's source text, so a translator
 * working in the YAML sees what changed (the scaffold wrote the source as it was then). Values and
 * the lock stay as they are: a stale string stays stale until it is updated and locked.
 * Returns how many comments changed.
 */
export function refreshSourceComments(source: LocaleString[], doc: Document): number {
  const wanted = new Map(source.map((entry) => [entry.path.join('\u0000'), commentFor(entry.value ?? '')]));
  let changed = 0;
  const visit = (node: unknown, path: Array<string | number>): void => {
    const entries: Array<[string | number, { commentBefore?: string | null }, unknown]> = isMap(node)
      ? node.items.map((pair) => [
          isScalar(pair.key) ? String(pair.key.value) : '',
          pair.key as { commentBefore?: string | null },
          pair.value,
        ])
      : isSeq(node)
        ? node.items.map((item, index) => [index, item as { commentBefore?: string | null }, item])
        : [];
    entries.forEach(([key, holder, value], index) => {
      const comment = wanted.get([...path, key].join('\u0000'));
      if (comment === undefined || !isScalar(value)) {
        visit(value, [...path, key]);
        return;
      }
      // Where the parser hung this string's old comment: on the list or map (first item), or trailing the empty value before it.
      const before = index === 0 ? (node as { commentBefore?: string | null }) : undefined;
      const previous = index > 0 ? entries[index - 1]![2] : undefined;
      const old =
        before?.commentBefore ??
        (isScalar(previous) && previous.value === null ? previous.comment : undefined) ??
        holder.commentBefore ??
        null;
      if (old !== comment) changed++;
      if (before) before.commentBefore = null;
      if (isScalar(previous) && previous.value === null) previous.comment = null;
      holder.commentBefore = comment;
    });
  };
  visit(doc.contents, []);
  return changed;
}

function commentFor(text: string): string {
  return text
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
}
