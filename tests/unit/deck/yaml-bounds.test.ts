import { describe, expect, it } from 'vitest';
import { parseYamlText, YAML_LIMITS } from '../../../src/deck/yaml-source.ts';
import { formatProblem } from '../../../src/shared/errors.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject } from '../../support/project.ts';

const parse = (text: string) => parseYamlText('/deck/x/locales/nl.yaml', new TextEncoder().encode(text));
const firstLines = (text: string) => parse(text).problems.map((problem) => formatProblem(problem, '/deck/x').split('\n')[0]);

/** Ten aliases of ten aliases of ...: a few hundred bytes that expand into a billion nodes. */
function aliasBomb(): string {
  let text = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n';
  const names = 'bcdefghij';
  for (const [index, name] of [...names].entries()) {
    const previous = index === 0 ? 'a' : names[index - 1];
    text += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
  }
  return text;
}

describe('YAML input is bounded: each limit a located error, never a hang or a stack trace', () => {
  it('refuses an alias bomb at its first alias', () => {
    expect(firstLines(aliasBomb())).toEqual([
      `locales/nl.yaml:2:8: aliases (*name) expand into too many nodes (more than ${YAML_LIMITS.aliasCount} for one alias); write the values out, or use fewer nested aliases`,
    ]);
  });

  it('still accepts a few ordinary aliases', () => {
    expect(firstLines('base: &base { colour: "#123456" }\nfirst: *base\nsecond: *base\n')).toEqual([]);
  });

  it('refuses block nesting deeper than the limit, at the line that goes too deep', () => {
    expect(firstLines(`${'- '.repeat(5000)}x\n`)).toEqual([
      `locales/nl.yaml:1:1: nested more than ${YAML_LIMITS.depth} levels deep; a deck file needs a few levels (cards > id > field > list)`,
    ]);
    const indented = Array.from({ length: 100 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n');
    expect(firstLines(indented)).toEqual([expect.stringMatching(/^locales\/nl\.yaml:65:65: nested more than 64 levels deep/)]);
  });

  it('refuses flow nesting deeper than the limit (which used to exhaust memory)', () => {
    expect(firstLines(`a: ${'['.repeat(3000)}`)).toEqual([
      expect.stringMatching(/^locales\/nl\.yaml:1:\d+: nested more than 64 levels deep/),
    ]);
  });

  it('does not count brackets inside quotes or comments as nesting', () => {
    expect(firstLines(`a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}'\n# ${'['.repeat(100)}\n`)).toEqual([]);
  });

  it('does not count brackets inside a block text (| or >) as nesting', () => {
    const brackets = '['.repeat(70);
    expect(
      firstLines(`body: |\n  ${brackets} a text\n\n  ${brackets}\nnext: >-\n  ${'{'.repeat(70)}\nlist:\n  - |\n    ${brackets}\n`),
    ).toEqual([]);
    expect(parse(`body: |\n  ${brackets}\n`).source?.doc.toJS()).toEqual({ body: `${brackets}\n` });
    expect(firstLines(`body: |\n  text\nafter: ${'['.repeat(70)}\n`)).toEqual([
      expect.stringMatching(/^locales\/nl\.yaml:3:\d+: nested more than 64 levels deep/),
    ]);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(firstLines(`a: "${'x'.repeat(YAML_LIMITS.bytes)}"\n`)).toEqual([
      expect.stringMatching(/^locales\/nl\.yaml: the file is 4\.0 MB; a deck file may hold at most 4\.0 MB$/),
    ]);
  });

  it('points an unclosed [ or { at the line that opens it, not where the parser noticed', () => {
    const text = 'categories:\n  round-1:\n    back: [What do you want to achieve?\n  round-2:\n    back: Next\n';
    expect(firstLines(text)).toEqual([
      expect.stringMatching(/^locales\/nl\.yaml:3:11: YAML syntax: the \[ here is never closed with \]; .*put text in quotes/),
    ]);
    expect(firstLines(text.replace('[What', '{What'))[0]).toMatch(
      /^locales\/nl\.yaml:3:11: YAML syntax: the \{ here is never closed with \}/,
    );
  });

  it('finds a repeated key, at the repeat', () => {
    expect(firstLines('ui:\n  questions: Vragen\n  example: Voorbeeld\n  questions: Vragen\n')).toEqual([
      'locales/nl.yaml:4:3: YAML syntax: Map keys must be unique',
    ]);
  });

  // 80 000 keys took more than 300 s: the library compared every key with every other. One set per
  // mapping makes it linear; a quadratic check would run far past this test's time limit.
  it('checks 80 000 keys for repeats in one pass', () => {
    const lines = Array.from({ length: 80_000 }, (_, i) => `  k${i}: v`);
    lines.push('  k17: again');
    expect(firstLines(`ui:\n${lines.join('\n')}\n`)).toEqual(['locales/nl.yaml:80002:3: YAML syntax: Map keys must be unique']);
  });

  it('kaartenset check reports an alias bomb and deep nesting without a stack trace', async () => {
    const project = await tempProject(['mini']);
    try {
      await project.edit('deck/mini/locales/en.yaml', (text) => `${text}\n${aliasBomb().replace(/^a:/, 'x-bomb:')}`);
      await project.edit('deck/mini/locales/nl.yaml', (text) => `${text}\nextra: ${'['.repeat(2000)}\n`);
      const result = await runCli(['check', '--root', project.root]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/locales\/en\.yaml:\d+:\d+: aliases \(\*name\) expand into too many nodes/);
      expect(result.stderr).toMatch(/locales\/nl\.yaml:\d+:\d+: nested more than 64 levels deep/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await project.cleanup();
    }
  });
});

describe('ids that are names of object properties are ordinary ids', () => {
  it('makes nothing blank for a card and category named constructor, and refuses __proto__ clearly', async () => {
    const project = await tempProject(['mini']);
    try {
      await project.edit('deck/mini/deck.yaml', (text) => text.replace('  basis:', '  constructor:'));
      await project.edit('deck/mini/cards.yaml', (text) =>
        text.replace('id: eerste', 'id: constructor').replaceAll('category: basis', 'category: constructor'),
      );
      for (const language of ['nl', 'en']) {
        await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
          text.replace(/^ {2}basis:/m, '  constructor:').replace('  eerste:', '  constructor:'),
        );
      }
      const ok = await runCli(['check', '--root', project.root]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);

      // Without its text, the card named constructor is missing, not silently given Object's constructor.
      await project.edit('deck/mini/locales/nl.yaml', (text) =>
        text.replace(/ {2}constructor:\n {4}title: .*\n/, '  andere:\n    title: x\n'),
      );
      const missing = await runCli(['check', '--root', project.root]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/locales\/en\.yaml:\d+:\d+: cards\.constructor\.title does not exist in the source language \(nl\)/);

      await project.edit('deck/mini/cards.yaml', (text) => text.replace('id: constructor', 'id: __proto__'));
      const proto = await runCli(['check', '--root', project.root]);
      expect(proto.code).toBe(1);
      expect(proto.stderr).toMatch(/cards\.yaml:\d+:\d+: cards\.0\.id: "__proto__" is not a valid id/);
      expect(proto.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await project.cleanup();
    }
  });
});
