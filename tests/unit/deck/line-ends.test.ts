import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDecks } from '../../../src/check/check-decks.ts';
import { parseCardTemplate } from '../../../src/deck/card-templates.ts';
import { DeckSchema, LocaleSchema } from '../../../src/deck/schema.ts';
import { validateSource } from '../../../src/deck/validate.ts';
import { parseYamlText } from '../../../src/deck/yaml-source.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

const LINE_ENDS = { CRLF: '\r\n', CR: '\r', 'U+2028': '\u2028', 'U+2029': '\u2029' } as const;

/** Every YAML and template file of a project: what `check` reads. */
async function textFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|hbs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A small seeded generator (mulberry32): the same run every time, a different seed another run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = ['\r\n', '\r', '\u2028', '\u2029', '\u0085', '\t', '\0', '\uFEFF', '\uFFFD', '"', "'", '[', '{', ':', '#', '- ', '&a ', '*a'];

/** The text with a few random edits: line ends swapped, odd characters and random bytes put anywhere, the end cut. */
function mutate(text: string, next: () => number): Uint8Array {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  let out = text;
  for (let edit = 0, edits = 1 + Math.floor(next() * 6); edit < edits; edit++) {
    const at = Math.floor(next() * (out.length + 1));
    const kind = next();
    if (kind < 0.4) out = out.replace(/\n/g, () => (next() < 0.3 ? pick(ODD.slice(0, 4)) : '\n'));
    else if (kind < 0.8) out = out.slice(0, at) + pick(ODD) + out.slice(at);
    else if (kind < 0.9) out = out.slice(0, at);
    else {
      const bytes = new TextEncoder().encode(out);
      const noise = Uint8Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() * 256));
      const cut = Math.floor(next() * (bytes.length + 1));
      return new Uint8Array([...bytes.subarray(0, cut), ...noise, ...bytes.subarray(cut)]);
    }
  }
  return new TextEncoder().encode(out);
}

function expectLocated(problems: Array<{ location?: { file: string; line?: number } }>, file: string, lines: number): void {
  for (const problem of problems) {
    expect(problem.location?.file).toBe(file);
    if (problem.location && 'line' in problem.location && problem.location.line !== undefined) {
      expect(problem.location.line).toBeGreaterThanOrEqual(1);
      expect(problem.location.line).toBeLessThanOrEqual(lines);
    }
  }
}

describe('every line end an editor saves reads as a line end', () => {
  let project: TempProject;
  let cards: number;
  beforeAll(async () => {
    project = await tempProject(['real:swan']);
    cards = (await checkDecks(project.root)).decks[0]!.deck!.cards.length;
  });
  afterAll(() => project.cleanup());

  for (const [name, end] of Object.entries(LINE_ENDS)) {
    it(`checks a deck whose every YAML file and template ends its lines with ${name}, as with LF`, async () => {
      const files = await textFiles(project.root);
      const saved = await Promise.all(files.map((file) => readFile(file, 'utf8')));
      try {
        await Promise.all(files.map((file, index) => writeFile(file, saved[index]!.replace(/\n/g, end))));
        const report = await checkDecks(project.root);
        expect(report.shared).toEqual([]);
        expect(report.decks.map((deck) => deck.problems.filter((problem) => problem.severity === 'error'))).toEqual([[]]);
        expect(report.decks[0]!.deck!.cards.length).toBe(cards);
      } finally {
        await Promise.all(files.map((file, index) => writeFile(file, saved[index]!)));
      }
    });
  }

  it('locates a mistake after CR line ends on its own line', () => {
    const read = parseYamlText('/deck/x/locales/nl.yaml', new TextEncoder().encode('a: 1\rb: 2\u2028c: [3\r\nd: 4\r'));
    expect(read.problems.map((problem) => problem.location && 'line' in problem.location && problem.location.line)).toEqual([3]);
  });
});

describe('fuzz: random bytes, line ends and separators in any reader give a result or located problems, never a crash', () => {
  const seeds = Array.from({ length: 150 }, (_, index) => 0x5eed + index);

  it('parses and validates mutated deck and locale files', { timeout: 60_000 }, async () => {
    const deckText = await readFile(path.resolve('deck/swan/deck.yaml'), 'utf8');
    const localeText = await readFile(path.resolve('deck/swan/locales/nl.yaml'), 'utf8');
    for (const seed of seeds) {
      const next = random(seed);
      for (const [file, text, schema] of [
        ['/p/deck/swan/deck.yaml', deckText, DeckSchema],
        ['/p/deck/swan/locales/nl.yaml', localeText, LocaleSchema],
      ] as const) {
        const bytes = mutate(text, next);
        const lines = new TextDecoder().decode(bytes).split(/\r\n?|[\n\u2028\u2029]/).length;
        const read = parseYamlText(file, bytes);
        expectLocated(read.problems, file, lines);
        if (read.source) expectLocated(validateSource(read.source, schema).problems, file, lines);
      }
    }
  });

  it('parses mutated card templates', async () => {
    const template = await readFile(path.resolve('templates/cards/prompt.hbs'), 'utf8');
    for (const seed of seeds) {
      const next = random(seed);
      const text = new TextDecoder().decode(mutate(template, next));
      const parsed = parseCardTemplate('prompt', '/p/templates/cards/prompt.hbs', text);
      expectLocated(parsed.problems, '/p/templates/cards/prompt.hbs', text.split(/\r\n?|[\n\u2028\u2029]/).length);
    }
  });

  it('checks a whole project whose files are mutated, seed after seed', { timeout: 120_000 }, async () => {
    const project = await tempProject(['real:swan']);
    try {
      const files = await textFiles(project.root);
      const saved = await Promise.all(files.map((file) => readFile(file, 'utf8')));
      for (const seed of seeds.slice(0, 40)) {
        const next = random(seed);
        const chosen = files.map(() => next() < 0.3);
        await Promise.all(files.map((file, index) => writeFile(file, chosen[index] ? mutate(saved[index]!, next) : saved[index]!)));
        const report = await checkDecks(project.root);
        for (const problem of [...report.shared, ...report.decks.flatMap((deck) => deck.problems)]) {
          expect(problem.location?.file.startsWith(project.root), `seed ${seed}: ${problem.message}`).toBe(true);
        }
      }
    } finally {
      await project.cleanup();
    }
  });
});
