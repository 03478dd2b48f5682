import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { listFaces } from '../../src/deck/faces.ts';
import { loadDeck, projectPaths } from '../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser } from '../../src/print/browser.ts';
import { FaceRenderer } from '../../src/render/render-faces.ts';
import { generateDeck } from './generate-deck.ts';
import { interleaved, repeat, type Figure } from './measure.ts';

const run = promisify(execFile);

/**
 * The proof of a 100-card deck with one card changed (one word of its title), against the
 * build before the change, as a user runs it (the CLI, wall time); beside it a no-op build of the
 * same deck and one face's render (a document of the changed face, printed by a running Chromium).
 * The target: proof <= 2 x no-op build + one face's render.
 */
export async function benchProof(repo: string, work: string, runs: number): Promise<{ proof: Figure; noop: Figure; oneFace: Figure }> {
  const root = path.join(work, 'proof-100');
  const id = await generateDeck(repo, root, 100);
  const cli = (args: string[]) =>
    run(process.execPath, [path.join(repo, 'bin', 'kaartenset.js'), ...args], { cwd: root, maxBuffer: 1 << 26 }).catch(
      // proof exits 1 when something changed, as it does here, and says so.
      (error: { code?: number; stdout?: string }) => {
        if (!(args[0] === 'proof' && error.code === 1 && error.stdout?.includes('card card-0050 (front) changed'))) throw error;
      },
    );
  await cli(['build', '--no-previews', '--out', 'dist-before']);
  const localeFile = path.join(root, 'deck', id, 'locales', 'nl.yaml');
  const locale = parse(await readFile(localeFile, 'utf8'));
  locale.cards['card-0050'] = { ...locale.cards['card-0050'], title: `${locale.cards['card-0050'].title} nieuw` };
  await writeFile(localeFile, stringify(locale));
  await cli(['build', '--no-previews', '--out', 'dist']);

  const { noop, proof } = await interleaved(runs, {
    noop: () => cli(['build', '--no-previews', '--out', 'dist']),
    proof: () => cli(['proof', '--against', 'dist-before', '--out', 'dist', '--proof-dir', 'proof']),
  });

  const deck = (await loadDeck(path.join(root, 'deck', id), projectPaths(root))).deck!;
  const face = listFaces(deck.cards).find((face) => face.id === 'card-0050/front')!;
  const renderer = await FaceRenderer.create(projectPaths(root), deck);
  const rendered = renderer.render(deck, {
    locale: deck.locales.get('nl')!.locale,
    language: 'nl',
    assetUrl: (file) => pathToFileURL(file).href,
    only: [face],
  });
  const htmlFile = path.join(root, 'one-face.html');
  await writeFile(htmlFile, rendered.html);
  const browser = await launchBrowser();
  try {
    const oneFace = await repeat(runs, async () => {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await page.close();
    });
    return { proof, noop, oneFace };
  } finally {
    await closeBrowser(browser);
  }
}
