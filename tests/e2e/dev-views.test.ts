import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { addLanguage } from '../../src/i18n/commands.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

const DEVANAGARI = '@expo-google-fonts/noto-sans-devanagari';
const devanagariFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve(`${DEVANAGARI}/package.json`)),
  '400Regular/NotoSansDevanagari_400Regular.ttf',
);
const MM = 96 / 25.4;

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;

/** Opens a dev URL and waits until its faces are fitted. */
async function open(target: string): Promise<void> {
  await page.goto(new URL(target, server.url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
}

const query = () => Object.fromEntries(new URL(page.url()).searchParams);
const texts = (selector: string) => page.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));
const width = (selector: string) => page.$eval(selector, (element) => element.getBoundingClientRect().width);

beforeAll(async () => {
  project = await tempProject(['mini']);
  // The deck brings its own font, committed with its licence, for text no bundled font has.
  await mkdir(project.file('deck', 'mini', 'fonts'));
  await copyFile(devanagariFile, project.file('deck', 'mini', 'fonts', 'Devanagari.ttf'));
  await writeFile(project.file('deck', 'mini', 'fonts', 'OFL.txt'), 'SIL Open Font License 1.1\n');
  // Every paper and fold-over, each a view of its own.
  await project.edit('deck/mini/deck.yaml', (text) =>
    text.replace(/^profiles: .*$/m, 'profiles: [press-sra3, school-a4, school-letter, school-a4-fold, school-letter-fold]'),
  );
  await project.edit('deck/mini/deck.yaml', (text) => `${text}fonts:\n  - { family: Noto Sans Devanagari, file: fonts/Devanagari.ttf }\n`);
  await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('body: Nog een uitleg.', 'body: नमस्ते दुनिया'));
  // An Arabic translation just started: empty values, which dev shows in the source language.
  await addLanguage(project.root, 'ar', ['mini']);
  server = await startDevServer({ root: project.root, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
});

afterAll(async () => {
  await page?.screenshot({ path: `${project.root}/dev-views.png` }).catch(() => undefined);
  await closeBrowser(browser);
  await server?.close();
  await project?.cleanup();
});

describe('kaartenset dev views', () => {
  it('labels each face with its card, side and template; the labels toggle off, and the URL keeps that over a reload', async () => {
    await open('/');
    expect(await texts('.card-list .face-label')).toEqual([
      'eerste front · condition',
      'eerste back · back',
      'tweede front · prompt',
      'tweede back · back',
    ]);
    const shown = () => page.$$eval('.face-label', (labels) => labels.map((label) => getComputedStyle(label).display !== 'none'));
    expect(await shown()).toEqual([true, true, true, true]);
    await page.click('#kb');
    expect(await shown()).toEqual([false, false, false, false]);
    expect(query().labels).toBe('0');
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.version !== undefined);
    expect(await shown()).toEqual([false, false, false, false]);
    expect(await page.$eval('#kb', (box) => (box as HTMLInputElement).checked)).toBe(false);
  });

  it('keeps the zoom in the URL across a language switch and a reload', async () => {
    await open('/');
    const atOne = await width('[data-face="eerste/front"]');
    expect(atOne).toBeCloseTo(69 * MM, 0);
    await page.select('#kz', '1.5');
    expect(query().zoom).toBe('1.5');
    expect(await width('[data-face="eerste/front"]')).toBeCloseTo(1.5 * atOne, 0);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.select('#kl', 'en')]);
    await page.waitForFunction(() => document.body.dataset.version !== undefined);
    expect(query()).toMatchObject({ lang: 'en', zoom: '1.5' });
    expect(await texts('[data-face="eerste/front"] .title')).toEqual(['First card']);
    expect(await width('[data-face="eerste/front"]')).toBeCloseTo(1.5 * atOne, 0);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.version !== undefined);
    expect(await page.$eval('#kz', (select) => (select as HTMLSelectElement).value)).toBe('1.5');
    expect(await width('[data-face="eerste/front"]')).toBeCloseTo(1.5 * atOne, 0);
  });

  it('jumps to a card by its title or id, and keeps it in the URL', async () => {
    await open('/?lang=nl&zoom=3');
    const jumpTo = async (typed: string) => {
      await page.$eval('#kj', (box) => {
        (box as HTMLInputElement).value = '';
      });
      await page.type('#kj', typed);
      await page.keyboard.press('Enter');
    };
    await jumpTo('tweede kaart');
    // The page handles the key in its own time: on a loaded machine, after press() has returned.
    await page.waitForFunction(() => location.hash === '#tweede', { timeout: 5_000 }).catch(() => undefined);
    expect(new URL(page.url()).hash).toBe('#tweede');
    expect(await page.$eval('#card-tweede', (row) => row.classList.contains('jumped'))).toBe(true);
    const inView = (id: string) =>
      page.$eval(`#card-${id}`, (row) => {
        const box = row.getBoundingClientRect();
        return box.top < innerHeight && box.bottom > 0;
      });
    expect(await inView('tweede')).toBe(true);
    expect(await inView('eerste')).toBe(false);
    await jumpTo('eerste');
    expect(await inView('eerste')).toBe(true);
    await jumpTo('no such card');
    expect(await page.$eval('#kj', (box) => box.classList.contains('not-found'))).toBe(true);
  });

  it('shows two languages side by side, each following its own locale file', async () => {
    await open('/?lang=nl&compare=en&zoom=0.5');
    expect(await texts('#card-eerste .lang-set[data-lang="nl"] .title, #card-eerste .lang-set[data-lang="en"] .title')).toEqual([
      'Eerste kaart',
      'First card',
    ]);
    expect(await page.$$eval('.lang-set', (sets) => sets.map((set) => set.getAttribute('lang')))).toEqual(['nl', 'en', 'nl', 'en']);
    const before = await page.evaluate(() => Number(document.body.dataset.compareVersion));
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace('title: First card', 'title: The first card'));
    await page.waitForFunction((v) => Number(document.body.dataset.compareVersion) > v, { timeout: 15_000 }, before);
    expect(await texts('#card-eerste .title')).toEqual(['Eerste kaart', 'The first card']);
    // A language switch keeps the compared one, unless it becomes the compared one itself.
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.select('#kl', 'en')]);
    expect(query()).toMatchObject({ lang: 'en', zoom: '0.5' });
    expect(query().compare).toBeUndefined();
  });

  it('keeps a right-to-left language right to left beside a left-to-right one, front still first, in its own print font', async () => {
    await open('/?lang=nl&compare=ar&zoom=0.5');
    const sets = await page.$$eval('#card-eerste .lang-set', (elements) =>
      elements.map((set) => {
        const [front, back] = [...set.querySelectorAll('.face')].map((face) => face.getBoundingClientRect().left);
        return {
          lang: set.getAttribute('lang'),
          direction: getComputedStyle(set.querySelector('.face')!).direction,
          frontFirst: front! < back!,
          font: getComputedStyle(set).fontFamily.split(',')[0],
        };
      }),
    );
    expect(sets).toEqual([
      { lang: 'nl', direction: 'ltr', frontFirst: true, font: '"Source Sans 3"' },
      { lang: 'ar', direction: 'rtl', frontFirst: true, font: '"Noto Sans Arabic"' },
    ]);
  });

  it('shows the sheets of each profile at true size, where the print puts each card, turned as printed, with cut lines', async () => {
    await open('/?lang=nl');
    expect(await page.$$eval('#kv option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual([
      '/',
      '/sheets/press-sra3',
      '/sheets/school-a4',
      '/sheets/school-letter',
      '/sheets/school-a4-fold',
      '/sheets/school-letter-fold',
    ]);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.select('#kv', '/sheets/school-a4')]);
    await page.waitForFunction(() => document.body.dataset.version !== undefined);
    expect(new URL(page.url()).pathname).toBe('/sheets/school-a4');
    expect(query().zoom).toBe('1');
    expect(await width('.sheet')).toBeCloseTo(210 * MM, 0);
    expect(await texts('.sheet-page figcaption')).toEqual(['sheet 1 of 1 · fronts', 'sheet 1 of 1 · backs, as printed on the other side']);
    expect(await texts('.placed .face-label')).toEqual([
      'eerste front · condition',
      'tweede front · prompt',
      'eerste back · back',
      'tweede back · back',
    ]);
    // Poker cards lie on their side on A4 (8 fit instead of 4): the face is turned, at true size.
    const face = await page.$eval('.placed .face', (element) => {
      const box = element.getBoundingClientRect();
      return { width: box.width, height: box.height };
    });
    expect(face.width).toBeCloseTo(94 * MM, 0);
    expect(face.height).toBeCloseTo(69 * MM, 0);
    expect(await page.$$eval('.sheet-lines line', (lines) => lines.length)).toBeGreaterThan(8);
    // A saved change reaches the sheet view too.
    const before = await page.evaluate(() => Number(document.body.dataset.version));
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('title: Eerste kaart', 'title: Kaart een'));
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
    expect(await texts('.placed [data-face="eerste/front"] .title')).toEqual(['Kaart een']);

    await open('/sheets/school-a4-fold?lang=nl');
    expect(await texts('.sheet-page figcaption')).toEqual(['sheet 1 of 1 · fronts and backs (fold, then cut)']);
    expect(await page.$$eval('.sheet-lines .fold-line', (lines) => lines.length)).toBe(1);
    expect(await page.$$eval('.placed', (placed) => placed.length)).toBe(4);
  });

  it("loads the deck's own fonts, as the print does", async () => {
    await open('/?lang=nl');
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((font) => ({ family: font.family.replace(/"/g, ''), status: font.status }));
    });
    expect(fonts.filter((font) => font.status === 'error')).toEqual([]);
    expect(fonts).toContainEqual({ family: 'Noto Sans Devanagari', status: 'loaded' });
    const url = await page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((sheet) => [...sheet.cssRules])
        .map((rule) => rule.cssText)
        .find((text) => text.includes('Noto Sans Devanagari') && text.includes('@font-face')),
    );
    const fontPath = /url\("([^"]+)"\)/.exec(url ?? '')![1]!;
    const response = await fetch(new URL(fontPath, server.url));
    expect(response.headers.get('content-type')).toBe('font/ttf');
    expect(Buffer.from(await response.arrayBuffer()).length).toBeGreaterThan(10_000);
    expect((await fetch(new URL('/fonts/99/x.ttf', server.url))).status).toBe(404);
  });
});
