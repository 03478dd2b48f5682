import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/fixtures.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject } from '../../support/project.ts';

/** A module hook that reports every file the CLI loads as an ES module, on standard error. */
const REPORT_LOADS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent("export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\\\n'); return next(url, context); }"));`,
)}`;

/** The files a CLI command loads, relative to the repository. */
function filesLoadedBy(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', REPORT_LOADS, path.join(REPO, 'bin', 'kaartenset.js'), ...args],
      { cwd: REPO, timeout: 60_000 },
      (error, _stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else
          resolve(
            stderr
              .split('\n')
              .filter((line) => line.startsWith('loaded file://'))
              .map((line) => path.relative(REPO, new URL(line.slice('loaded '.length)).pathname)),
          );
      },
    );
  });
}

/**
 * The sources and packages a command loads: each compiled chunk stands for the files bundled into
 * it (.compiled/meta.json), files loaded from node_modules for themselves.
 */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const files = await filesLoadedBy(args);
  const chunks = JSON.parse(readFileSync(path.join(REPO, '.compiled', 'meta.json'), 'utf8')) as Record<string, string[]>;
  return files.flatMap((file) =>
    file.startsWith('.compiled/') ? (chunks[path.relative('.compiled', file)] ?? [`unknown chunk ${file}`]) : [file],
  );
}

const packagesOf = (modules: string[]) =>
  new Set(modules.filter((file) => file.startsWith('node_modules/')).map((file) => file.split('/')[1]));

describe('CLI start-up', () => {
  it('runs compiled JavaScript, not TypeScript transpiled at each start', async () => {
    const loaded = await filesLoadedBy(['--help']);
    expect(loaded).toContain('.compiled/cli.js');
    expect(loaded.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(loaded.some((file) => file.includes('node_modules/tsx'))).toBe(false);
  });

  it('loads a few bundled files, not each module and package file on its own', async () => {
    const files = await filesLoadedBy(['check']);
    const modules = await modulesLoadedBy(['check']);
    expect(files.filter((file) => file.startsWith('node_modules/'))).toEqual([]);
    expect(files.length * 5).toBeLessThan(modules.length);
  });

  it('loads no package but commander, and no stage of the build, for --help', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    expect(packagesOf(loaded)).toEqual(new Set(['commander']));
    // Every folder of src/ is a stage but the ground (shared/) and the starter, whose card sizes --help lists.
    const stages = readdirSync(path.join(REPO, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !['shared', 'starter'].includes(entry.name))
      .map((entry) => entry.name);
    expect(stages).toContain('print');
    expect(loaded.filter((file) => stages.some((stage) => file.startsWith(`src/${stage}/`)))).toEqual([]);
  });

  it('checks decks without loading the browser, PDF or image libraries', async () => {
    const loaded = await modulesLoadedBy(['check']);
    expect(loaded).toContain('src/deck/load-deck.ts');
    // impose's pure sheet geometry is part of the check (does the card fit the sheet?); what draws sheets is not.
    for (const heavy of [
      'puppeteer-core',
      'node_modules/pdf-lib/',
      'sharp',
      'pdfjs-dist',
      'node_modules/hyphen/patterns/',
      'src/print/',
      'src/impose/impose-sheets',
      'src/impose/cover',
      'src/impose/pdf-drawing',
      'src/preflight/',
    ]) {
      expect(
        loaded.filter((file) => file.includes(heavy)),
        heavy,
      ).toEqual([]);
    }
  });

  it('answers a build with nothing changed from the hash of its inputs, without loading a deck parser, template engine or PDF library', async () => {
    const project = await tempProject(['mini']);
    try {
      const args = ['--root', project.root, 'build', '--lang', 'nl', '--out', project.out, '--no-previews'];
      expect((await runCli(args)).code).toBe(0);
      const loaded = await modulesLoadedBy(args);
      expect(loaded).toContain('src/pipeline/build-inputs.ts');
      for (const heavy of [
        'node_modules/yaml/',
        'node_modules/zod/',
        'node_modules/handlebars/',
        'node_modules/pdf-lib/',
        'puppeteer-core',
        'src/deck/load-deck.ts',
        'src/render/',
        'src/pipeline/full-build.ts',
      ]) {
        expect(
          loaded.filter((file) => file.includes(heavy)),
          heavy,
        ).toEqual([]);
      }
    } finally {
      await project.cleanup();
    }
  }, 180_000);
});
