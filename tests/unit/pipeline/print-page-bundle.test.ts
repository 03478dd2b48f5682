import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePrintPage } from '../../../src/print-page/bundle.ts';

// dist/print-page.js is what a teacher's browser loads before it can make a PDF: the imposition code
// and what it draws with (pdf-lib, fontkit, bidi-js), nothing that only the build needs.

describe('the print page script', () => {
  it('bundles the imposition code without the deck validator (zod), at about 1.4 MB', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-bundle-'));
    try {
      const file = path.join(dir, 'print-page.js');
      await bundlePrintPage(file);
      const script = await readFile(file, 'utf8');
      // zod's issue codes are strings a minifier keeps.
      expect(script).not.toMatch(/invalid_type|too_small/);
      expect(script.length).toBeLessThan(1.5 * 1024 * 1024);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
