import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allJsonSchemas } from '../../../src/index.ts';
import { REPO } from '../../support/fixtures.ts';

const schemas = await allJsonSchemas(REPO);

describe('editors autocomplete deck files from the committed JSON Schemas', () => {
  it.each(Object.entries(schemas))('schema/%s is up to date (run npm run schema)', async (name, schema) => {
    const committed = JSON.parse(await readFile(path.join(REPO, 'schema', name), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it('documents every key of deck.yaml', async () => {
    const deck = schemas['deck.schema.json'] as { properties: Record<string, { description?: string }> };
    for (const [key, property] of Object.entries(deck.properties)) expect(property.description, key).toBeTruthy();
  });
});
