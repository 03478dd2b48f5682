import { execFileSync } from 'node:child_process';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedDeck } from '../../../src/deck/load-deck.ts';
import { exportLanguage, importLanguage, importTable, lockLanguage, translationDecks } from '../../../src/i18n/commands.ts';
import { XLIFF_MAX_DEPTH } from '../../../src/i18n/xliff.ts';
import { tempProject, type TempProject } from '../../support/project.ts';
import { lineOf } from '../../support/problems.ts';

/**
 * Translation files as an attacker or a broken tool makes them: entities XML does not define,
 * groups nested without end, files that never end, and random bytes. Each gets a result or a
 * located problem, never a crash, and nothing is written.
 */

let project: TempProject;
let decks: LoadedDeck[];
beforeAll(async () => {
  project = await tempProject(['mini']);
  await lockLanguage(project.root, 'en');
  decks = await translationDecks(project.root);
});
afterAll(async () => {
  await project.cleanup();
});

const english = () => readFile(project.file('deck/mini/locales/en.yaml'), 'utf8');
const xliffWith = (target: string) =>
  `<?xml version="1.0"?>\n<xliff version="1.2"><file original="mini" target-language="en"><body>\n<trans-unit id="mini:cards.eerste.title"><source>Eerste kaart</source>\n<target>${target}</target></trans-unit>\n</body></file></xliff>\n`;
const imported = (name: string, content: string | Uint8Array) =>
  importTable(decks, 'en', project.file(name), typeof content === 'string' ? Buffer.from(content) : content, { dryRun: true });

describe('XLIFF', () => {
  it.each([
    ['&nbsp;', /the entity &nbsp; is not defined in XML/],
    ['&bogus;', /the entity &bogus; is not defined in XML/],
    ['AT&T', /"&T<\/target>" is no entity|is no entity: a & in text is written &amp;/],
    ['&#0;', /&#0; refers to a character XML does not allow in text \(U\+0000\)/],
    ['&#xD800;', /&#xD800; refers to a character XML does not allow/],
    ['&#x7;', /&#x7; refers to a character XML does not allow in text \(U\+0007\)/],
  ])('refuses the entity in %s at its line and column', async (target, message) => {
    const result = await imported('en.xlf', xliffWith(target));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(message);
    expect(result.problems[0]!.location).toMatchObject({ line: 4, col: expect.any(Number) });
  });

  it('reads the entities XML defines and character references', async () => {
    const result = await imported('en.xlf', xliffWith('&lt;A&amp;B&gt; &#233;&#x20AC;'));
    expect(result.problems).toEqual([]);
    expect(result.changes).toEqual([{ key: 'mini:cards.eerste.title', from: 'First card', to: '<A&B> é€' }]);
  });

  it(`refuses <group>s nested deeper than ${XLIFF_MAX_DEPTH} at the line of the first too deep, without a stack trace`, async () => {
    const depth = 20000;
    const groups = '<group>\n'.repeat(depth);
    const content = `<?xml version="1.0"?>\n<xliff version="1.2"><file original="mini" target-language="en"><body>\n${groups}${'</group>'.repeat(depth)}</body></file></xliff>\n`;
    const result = await imported('en.xlf', content);
    expect(result.problems.map((p) => `${lineOf(p)}: ${p.message}`)).toEqual([
      `${3 + XLIFF_MAX_DEPTH - 3}: <group> is nested ${XLIFF_MAX_DEPTH + 1} elements deep; kaartenset reads XLIFF up to ${XLIFF_MAX_DEPTH} deep (groups within groups included)`,
    ]);
  });
});

describe('reading a translation file', () => {
  it('stops at a file that never ends (a link to a device) and at a pipe, naming it', async () => {
    const before = await english();
    const device = project.file('endless.po');
    await symlink('/dev/zero', device);
    await expect(importLanguage(project.root, 'en', device)).rejects.toThrow(/endless\.po: it is no file but a device/);
    const pipe = project.file('pipe.po');
    execFileSync('mkfifo', [pipe]);
    await expect(importLanguage(project.root, 'en', pipe)).rejects.toThrow(/pipe\.po: it is no file but a pipe/);
    expect(await english()).toBe(before);
  });

  it('refuses a file over the documented limit with its size', async () => {
    const big = project.file('big.po');
    await writeFile(big, Buffer.alloc(17 * 1024 * 1024, 0x23));
    await expect(importLanguage(project.root, 'en', big)).rejects.toThrow(
      /big\.po: it holds 17\.0 MB; a translation file may hold at most 16 MB/,
    );
  });
});

/** mulberry32: the same sequence for a seed, on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BREAKS = ['\r\n', '\r', '\n', '\u2028', '\u2029', '\u0085', '\u0000', '"', '\\', '<', '&', '#', ',', ';', '\t', '\uFEFF', '\uFFFD'];

/** A valid file, damaged: characters inserted, lines ended the way of another platform, bytes flipped, the end cut off. */
function mutate(valid: string, next: () => number): Uint8Array {
  let text = valid;
  const edits = 1 + Math.floor(next() * 6);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * text.length);
    const kind = next();
    if (kind < 0.35) text = text.slice(0, at) + BREAKS[Math.floor(next() * BREAKS.length)]! + text.slice(at);
    else if (kind < 0.5) text = text.replace(/\n/g, BREAKS[Math.floor(next() * 5)]!);
    else if (kind < 0.7) text = text.slice(0, at);
    else if (kind < 0.85) text = text.slice(0, at) + text.slice(at + Math.floor(next() * 40));
    else text = text.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x3000)) + text.slice(at);
  }
  const bytes = Buffer.from(text);
  if (next() < 0.3) for (let flip = 0; flip < 3; flip++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
  return bytes;
}

describe('every translation reader, fed random damage (seeded)', () => {
  const formats = [
    { name: 'PO', file: 'fuzz.po', format: 'po' as const },
    { name: 'XLIFF 1.2', file: 'fuzz.xlf', format: 'xliff' as const, version: '1.2' as const },
    { name: 'XLIFF 2.0', file: 'fuzz.xliff', format: 'xliff' as const, version: '2.0' as const },
    { name: 'CSV', file: 'fuzz.csv', format: 'csv' as const },
  ];

  it.each(formats)('$name: a result or a located problem for each of 300 inputs, never a crash', async ({ file, format, version }) => {
    const valid = await exportLanguage(project.root, 'en', [], format, version);
    const next = random(0x5eed + file.length);
    for (let round = 0; round < 300; round++) {
      const bytes =
        round % 10 === 0 ? Uint8Array.from({ length: Math.floor(next() * 400) }, () => Math.floor(next() * 256)) : mutate(valid, next);
      const result = await imported(file, bytes).catch((error: unknown) => {
        throw new Error(
          `round ${round} crashed the ${format} reader: ${(error as Error).stack}\ninput: ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`,
        );
      });
      for (const problem of result.problems) expect(problem.location?.file, `round ${round}: ${problem.message}`).toBe(project.file(file));
    }
  });
});
