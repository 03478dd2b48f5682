import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

/**
 * Node ends a program whose top-level await can never settle with a bare exit 13 and no word. A
 * command that waits for work nothing will ever finish is a bug of ours, told as every bug is.
 */
describe('a command left waiting for work that can never finish', () => {
  it('exits 1 with an internal error naming the last step, not 13', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-unsettled-'));
    try {
      // Reading the cards file never answers, and nothing else is left to run.
      const hang = path.join(dir, 'hang.mjs');
      await writeFile(
        hang,
        [
          "import fsp from 'node:fs/promises';",
          "import { syncBuiltinESMExports } from 'node:module';",
          'const readFile = fsp.readFile;',
          "fsp.readFile = (file, ...rest) => (String(file).endsWith('cards.yaml') ? new Promise(() => {}) : readFile(file, ...rest));",
          'syncBuiltinESMExports();',
        ].join('\n'),
      );
      const result = await runCli(['check', '--deck', 'swan'], {
        env: { NODE_OPTIONS: `--import ${hang}`, XDG_STATE_HOME: dir },
      });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/internal error: the command stopped waiting with nothing left to run, after "the start"/);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
