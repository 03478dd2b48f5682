import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { REPO } from '../../support/fixtures.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

describe('kaartenset --version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});

describe('list flags: comma-separated and repeatable', () => {
  it('checks the same decks for --deck a,b and --deck a --deck b', async () => {
    for (const args of [
      ['--deck', 'swan,besluitmodellen'],
      ['--deck', 'swan', '--deck', 'besluitmodellen'],
      ['--deck', 'swan, besluitmodellen'],
    ]) {
      const result = await runCli(['check', ...args]);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout.trim().split('\n'), args.join(' ')).toEqual(['deck/swan: ok', 'deck/besluitmodellen: ok']);
    }
  });

  it('leaves the arguments after --deck to the command: i18n lock <lang> --deck d <key>', async () => {
    project = await tempProject(['mini']);
    const result = await runCli(['--root', project.root, 'i18n', 'lock', 'en', '--deck', 'mini', 'cards.eerste.title'], {
      cwd: project.root,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('locked mini:cards.eerste.title');
    expect(result.code).toBe(0);
  });
});

describe("check writes nothing; kaartenset schema writes the editors' schemas", () => {
  it('leaves a deck without locale.schema.json as it is, and schema writes it', async () => {
    project = await tempProject(['mini']);
    const schema = project.file('deck', 'mini', 'locale.schema.json');
    const check = await runCli(['--root', project.root, 'check'], { cwd: project.root });
    expect(check.code).toBe(0);
    expect(check.stdout).not.toContain('wrote');
    expect(existsSync(schema)).toBe(false);

    const written = await runCli(['--root', project.root, 'schema'], { cwd: project.root });
    expect(written.code).toBe(0);
    expect(written.stdout.trim()).toBe('wrote deck/mini/locale.schema.json');
    expect(JSON.parse(await readFile(schema, 'utf8'))).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect((await runCli(['--root', project.root, 'schema', '--deck', 'mini'], { cwd: project.root })).stdout.trim()).toBe(
      'deck/mini/locale.schema.json: up to date',
    );
  });

  it('says so in --help', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/check \[options\][\s\S]*writes nothing/);
    expect(help.stdout).toMatch(/schema \[options\][\s\S]*locale\.schema\.json/);
  });

  it('names a deck whose schema cannot be made, and exits 1', async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/cards.yaml', (text) => text.replace('cards:', 'cards: ['));
    const result = await runCli(['--root', project.root, 'schema'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^deck\/mini\/cards\.yaml:\d+:\d+: YAML syntax/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
