import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deckLocaleJsonSchema } from '../../../src/deck/json-schema.ts';
import { allJsonSchemas, loadDeck, projectPaths } from '../../../src/index.ts';
import { REPO } from '../../support/fixtures.ts';

const schemas = await allJsonSchemas(REPO);

describe('editors autocomplete deck files from the committed JSON Schemas', () => {
  it.each(Object.entries(schemas))('schema/%s is up to date (run npm run schema)', async (name, schema) => {
    const committed = JSON.parse(await readFile(path.join(REPO, 'schema', name), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it.each(['swan', 'besluitmodellen'])(
    'deck/%s/locale.schema.json, which its locales point at, is up to date (run npm run schema)',
    async (name) => {
      const { deck } = await loadDeck(path.join(REPO, 'deck', name), projectPaths(REPO));
      const committed = JSON.parse(await readFile(path.join(REPO, 'deck', name, 'locale.schema.json'), 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(deckLocaleJsonSchema(deck!.cards, deck!.templates))));
      for (const language of deck!.locales.keys()) {
        expect((await readFile(path.join(REPO, 'deck', name, 'locales', `${language}.yaml`), 'utf8')).split('\n')[0]).toBe(
          '# yaml-language-server: $schema=../locale.schema.json',
        );
      }
    },
  );

  it('documents every key of deck.yaml', async () => {
    const deck = schemas['deck.schema.json'] as { properties: Record<string, { description?: string }> };
    for (const [key, property] of Object.entries(deck.properties)) expect(property.description, key).toBeTruthy();
  });
});
