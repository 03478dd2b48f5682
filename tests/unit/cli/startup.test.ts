import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/fixtures.ts';

/** A module hook that reports every file the CLI loads as an ES module, on standard error. */
const REPORT_LOADS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent("export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\\\n'); return next(url, context); }"));`,
)}`;

/** The files a CLI command loads, relative to the repository. */
function modulesLoadedBy(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', REPORT_LOADS, path.join(REPO, 'bin', 'kaartenset.js'), ...args], { cwd: REPO, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(stderr.split('\n').filter((line) => line.startsWith('loaded file://')).map((line) => path.relative(REPO, new URL(line.slice('loaded '.length)).pathname)));
    });
  });
}

describe('CLI start-up', () => {
  it('runs compiled JavaScript, not TypeScript transpiled at each start', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    expect(loaded).toContain('.compiled/cli.js');
    expect(loaded.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(loaded.some((file) => file.includes('node_modules/tsx'))).toBe(false);
  });

  it('loads only commander, the error classes, the interrupt registry and the card sizes for --help', async () => {
    const loaded = await modulesLoadedBy(['--help']);
    const project = loaded.filter((file) => file.startsWith('.compiled/'));
    expect(project.sort()).toEqual(['.compiled/cli.js', '.compiled/shared/errors.js', '.compiled/shared/interrupts.js', '.compiled/starter/card-sizes.js']);
    expect(new Set(loaded.filter((file) => file.startsWith('node_modules/')).map((file) => file.split('/')[1]))).toEqual(new Set(['commander']));
  });

  it('checks decks without loading the browser, PDF or image libraries', async () => {
    const loaded = await modulesLoadedBy(['check']);
    expect(loaded).toContain('.compiled/deck/load-deck.js');
    // impose's pure sheet geometry is part of the check (does the card fit the sheet?); what draws sheets is not.
    for (const heavy of ['puppeteer-core', 'node_modules/pdf-lib/', 'sharp', 'pdfjs-dist', '.compiled/print/', '.compiled/impose/impose-sheets', '.compiled/impose/cover', '.compiled/impose/pdf-drawing', '.compiled/preflight/']) {
      expect(loaded.filter((file) => file.includes(heavy)), heavy).toEqual([]);
    }
  });
});
