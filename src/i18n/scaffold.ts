import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LoadedLocale } from '../deck/load-deck.ts';

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb']);

/**
 * A new locale file: the source's structure with every value empty and the source text as a
 * comment above it, so a translator only fills in values.
 */
export function scaffoldLocale(source: LoadedLocale, language: string): string {
  const doc = new Document(source.source.doc.toJS());
  // The modeline lets editors with the YAML language server check the file against the schema as it is typed.
  doc.commentBefore = ` yaml-language-server: $schema=../../../schema/locale.schema.json\n Translation of this deck into "${language}". Source language: ${source.language}.\n Fill in every empty value; the source text is the comment above it.\n Run \`npx kaartenset i18n status\` to see what is left.`;
  emptyValues(doc.contents as Node, []);
  doc.setIn(['language', 'direction'], RIGHT_TO_LEFT.has(language.split('-')[0]!) ? 'rtl' : 'ltr');
  return doc.toString({ lineWidth: 0, nullStr: '' });
}

function emptyValues(node: Node, path: Array<string | number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isScalar(pair.value)) {
        if (path.length === 1 && path[0] === 'language' && key === 'direction') continue;
        (pair.key as Node).commentBefore = ` ${String(pair.value.value)}`;
        pair.value.value = null;
      } else {
        emptyValues(pair.value as Node, [...path, key]);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (isScalar(item)) {
        item.commentBefore = ` ${String(item.value)}`;
        item.value = null;
      } else emptyValues(item as Node, [...path, index]);
    });
  }
}
