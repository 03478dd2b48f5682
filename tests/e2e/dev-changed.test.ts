import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { buildDecks } from '../../src/pipeline/build-decks.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

const DEVANAGARI = '@expo-google-fonts/noto-sans-devanagari';
const devanagariFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve(`${DEVANAGARI}/package.json`)),
  '400Regular/NotoSansDevanagari_400Regular.ttf',
);

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;

async function open(url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
}

/** The faces ringed as changed since the last build, and the badges a reader is shown. */
const marked = () => page.$$eval('.changed', (elements) => elements.map((element) => (element as HTMLElement).dataset.mark));
const badges = () =>
  page.$$eval('.changed-mark', (elements) => elements.filter((element) => element.checkVisibility()).map((element) => element.textContent));
const note = () => page.$eval('#kchanged', (element) => element.textContent);

beforeAll(async () => {
  project = await tempProject(['mini']);
  // A deck font after the bundled ones, and a word long enough to be hyphenated: dev hashes both as the build does.
  await mkdir(project.file('deck', 'mini', 'fonts'));
  await copyFile(devanagariFile, project.file('deck', 'mini', 'fonts', 'Devanagari.ttf'));
  await writeFile(project.file('deck', 'mini', 'fonts', 'OFL.txt'), 'SIL Open Font License 1.1\n');
  await project.edit('deck/mini/deck.yaml', (text) => `${text}fonts:\n  - { family: Noto Sans Devanagari, file: fonts/Devanagari.ttf }\n`);
  await project.edit('deck/mini/locales/nl.yaml', (text) =>
    text.replace('body: Een korte uitleg.', 'body: Een arbeidsongeschiktheidsverzekering.'),
  );
  await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false });
  server = await startDevServer({ root: project.root, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
});

afterAll(async () => {
  await closeBrowser(browser);
  await server?.close();
  await project?.cleanup();
});

describe('dev marks the faces that changed since the last build', () => {
  it('marks no face of a deck just built', async () => {
    await open(server.url);
    expect(await page.$$eval('.face', (faces) => faces.length)).toBe(4);
    expect(await marked()).toEqual([]);
    expect(await badges()).toEqual([]);
    expect(await note()).toBe('as in the last build (dist)');
  });

  it('marks exactly the face whose text was edited, pushed without a reload', async () => {
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const before = await page.evaluate(() => Number(document.body.dataset.version));
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('title: Tweede kaart', 'title: Tweede kaart, herzien'));
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
    expect(await marked()).toEqual(['tweede/front']);
    expect(await badges()).toEqual(['changed since the last build']);
    expect(await note()).toBe('1 face changed since the last build');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('marks the same face on the imposed sheets', async () => {
    await open(new URL('/sheets/school-a4', server.url).href);
    expect([...new Set(await marked())]).toEqual(['tweede/front']);
  });

  it('clears the marks when the deck is built again and the page opened again', async () => {
    await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false });
    await open(server.url);
    expect(await marked()).toEqual([]);
    expect(await note()).toBe('as in the last build (dist)');
  });

  it('says so in the toolbar, and marks nothing, when there is no build to compare with', async () => {
    const unbuilt = await startDevServer({ root: project.root, port: 0, out: project.file('elsewhere') });
    try {
      await open(unbuilt.url);
      expect(await marked()).toEqual([]);
      expect(await note()).toBe('no build in elsewhere to compare with');
    } finally {
      await unbuilt.close();
    }
  });
});
