import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { REPO } from '../../support/fixtures.ts';

/*
 * Where the public sources are silent, the deck text is a reconstruction (content brief, issue 17).
 * Each one carries a YAML comment ("# gereconstrueerd:" in the Dutch source, "# reconstructed:" in a
 * translation) on its key or on the card that holds it, so the owners find and correct it in one place.
 */
const MARKERS: Record<string, string> = { nl: 'gereconstrueerd:', en: 'reconstructed:' };

const conditions = ['r1-security', 'r1-inclusion', 'r1-cohesion', 'r1-empowerment'].map((id) => `cards.${id}.body`);
const factors = ['r2-resident', 'r2-professional', 'r2-team', 'r2-organisation', 'r2-environment'].map((id) => `cards.${id}.title`);
const levels = ['r3-level-1', 'r3-level-2', 'r3-level-3'].map((id) => `cards.${id}.title`);
const roles = ['intro-facilitator', 'intro-scribe'].flatMap((id) => [`cards.${id}.body`, `cards.${id}.steps.0`]);
const models = [
  'decisive-professional',
  'evidence-based-practice',
  'four-windows',
  'shared-decision-making',
  'best-decision-child',
  'reverse-test',
];

const RECONSTRUCTED: Record<string, string[]> = {
  swan: [
    ...conditions,
    ...factors,
    ...levels,
    ...roles,
    'cards.r3-signals.body',
    'cards.r3-signalling.steps.0',
    'cards.wrap-up.steps.3',
    'worksheet.evaluation-date',
  ],
  besluitmodellen: models.flatMap((id) => [`cards.${id}.when`, `cards.${id}.steps.0`]),
};

/** Every comment that applies to a key: on the key itself or on any map or list entry above it. */
function commentsByKey(
  node: Node | null,
  prefix: string[] = [],
  inherited: string[] = [],
  into = new Map<string, string[]>(),
): Map<string, string[]> {
  if (isMap(node)) {
    node.items.forEach((pair, index) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const own = [pair.key as Node | null, pair.value as Node | null].flatMap((part) => [part?.commentBefore ?? '']);
      if (index === 0 && node.commentBefore) own.push(node.commentBefore);
      const comments = [...inherited, ...own.filter(Boolean)];
      into.set([...prefix, key].join('.'), comments);
      commentsByKey(pair.value as Node | null, [...prefix, key], comments, into);
    });
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const comments = [...inherited, ...[(item as Node).commentBefore ?? ''].filter(Boolean)];
      into.set([...prefix, String(index)].join('.'), comments);
      commentsByKey(item as Node, [...prefix, String(index)], comments, into);
    });
  }
  return into;
}

async function markedKeys(deck: string, language: string): Promise<Map<string, boolean>> {
  const text = await readFile(path.join(REPO, 'deck', deck, 'locales', `${language}.yaml`), 'utf8');
  const comments = commentsByKey(parseDocument(text).contents as Node);
  const marker = MARKERS[language]!;
  return new Map([...comments].map(([key, list]) => [key, list.some((comment) => comment.trimStart().startsWith(marker))]));
}

describe('every reconstructed statement is flagged with a YAML comment', () => {
  for (const [deck, keys] of Object.entries(RECONSTRUCTED)) {
    for (const language of ['nl', 'en']) {
      it(`${deck} ${language}`, async () => {
        const marked = await markedKeys(deck, language);
        const unmarked = keys.filter((key) => marked.get(key) !== true);
        expect(unmarked).toEqual([]);
      });
    }
  }

  it('does not flag the texts that come from the sources', async () => {
    const marked = await markedKeys('swan', 'nl');
    expect(marked.get('cards.r1-question.question')).toBe(false);
    expect(marked.get('cards.r2-question.body')).toBe(false);
  });
});
