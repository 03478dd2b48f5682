import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSource, createHandlebars } from '../../../src/render/handlebars-env.ts';
import { InputError } from '../../../src/shared/errors.ts';

let templatesDir: string;

beforeAll(async () => {
  templatesDir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-templates-'));
  await mkdir(path.join(templatesDir, 'partials'));
  await writeFile(path.join(templatesDir, 'partials', 'row.hbs'), '<li>{{item}}</li>');
});
afterAll(() => rm(templatesDir, { recursive: true, force: true }));

describe('templates compiled once per text and shared by every deck', () => {
  it('render alike in two decks, each with its own helpers and partials', async () => {
    const source = '<ul>{{#each items as |item|}}{{> row item=item}}{{/each}}</ul>';
    const first = await createHandlebars(templatesDir);
    const second = await createHandlebars(templatesDir);
    second.registerPartial('row', '<p>{{item}}</p>');
    expect(compileSource(first, 'a.hbs', source)({ items: ['x', 'y'] })).toBe('<ul><li>x</li><li>y</li></ul>');
    expect(compileSource(second, 'b.hbs', source)({ items: ['x'] })).toBe('<ul><p>x</p></ul>');
  });

  it('are not changed by a template that failed to compile before them', async () => {
    const env = await createHandlebars(templatesDir);
    // Two arguments to a partial: Handlebars refuses it while compiling, inside a block with a parameter.
    expect(() => compileSource(env, 'broken.hbs', '{{#each items as |item|}}{{> row item @index}}{{/each}}')).toThrow(InputError);
    expect(compileSource(env, 'fixed.hbs', '{{#each items as |item|}}{{> row item=item}}{{/each}}')({ items: ['a'] })).toBe('<li>a</li>');
    expect(compileSource(env, 'title.hbs', 'Title {{item}}')({ item: 'b' })).toBe('Title b');
  });
});
