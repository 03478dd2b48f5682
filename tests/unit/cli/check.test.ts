import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { deckCopy, FIXTURES } from '../../support/fixtures.ts';

describe('kaartenset check', () => {
  it('exits 0 on the real decks', async () => {
    const result = await runCli(['check']);
    expect(result.stdout).toContain('deck/swan: ok');
    expect(result.stdout).toContain('deck/besluitmodellen: ok');
    expect(result.code).toBe(0);
  });

  it('exits 1 and prints located problems, without a stack trace, for a broken deck', async () => {
    const copy = await deckCopy('mini', path.join(FIXTURES, 'invalid', 'several-problems-at-once'));
    try {
      const result = await runCli(['check', '--deck', copy.dir]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cards\.yaml:3:15: unknown template "poster"/);
      expect(result.stderr).toMatch(/cards\.yaml:9:12: picto "unicorn" not found/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toContain('3 error(s)');
    } finally {
      await copy.cleanup();
    }
  });

  it('names the decks there are when --deck names none of them', async () => {
    const result = await runCli(['check', '--deck', 'swam']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'deck/swam: no deck "swam": the decks under deck/ are besluitmodellen, swan, or give the path of a deck folder',
    );
    expect(result.stderr).not.toContain('cards.yaml is missing');
  });

  it('exits 2 on bad usage and 0 for --help', async () => {
    expect((await runCli(['check', '--no-such-flag'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--deck');
  });
});
