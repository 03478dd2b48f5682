import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A project with one generated deck of `count` cards, made by cycling the SWAN cards and their
 * Dutch texts: realistic faces at any size, for the benchmark.
 */
export async function generateDeck(repo: string, root: string, count: number): Promise<string> {
  const id = `generated-${count}`;
  const dir = path.join(root, 'deck', id);
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  for (const shared of ['templates', 'pictos']) await cp(path.join(repo, shared), path.join(root, shared), { recursive: true });
  const swan = path.join(repo, 'deck', 'swan');
  const deck = parse(await readFile(path.join(swan, 'deck.yaml'), 'utf8'));
  const cards = parse(await readFile(path.join(swan, 'cards.yaml'), 'utf8')).cards as Array<Record<string, unknown>>;
  const locale = parse(await readFile(path.join(swan, 'locales', 'nl.yaml'), 'utf8'));
  const generated = Array.from({ length: count }, (_, i) => ({ ...cards[i % cards.length], id: `card-${String(i + 1).padStart(4, '0')}` }));
  const texts = Object.fromEntries(generated.map((card, i) => [card.id, locale.cards[cards[i % cards.length]!.id as string]]));
  delete deck.worksheet;
  await writeFile(path.join(dir, 'deck.yaml'), stringify({ ...deck, id, languages: ['nl'], profiles: ['press-sra3'] }));
  await writeFile(path.join(dir, 'cards.yaml'), stringify({ cards: generated }));
  await writeFile(
    path.join(dir, 'locales', 'nl.yaml'),
    stringify({ ...locale, cards: texts, worksheet: undefined }, { aliasDuplicateObjects: false }),
  );
  return id;
}
