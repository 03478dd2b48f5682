import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;

const MM = 96 / 25.4;

/** Edits a file and waits for the worksheet page to reload with `expected` in it. */
async function editAndReload(file: string, change: (text: string) => string, expected: () => Promise<boolean>): Promise<void> {
  const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 });
  await project.edit(file, change);
  await reloaded;
  expect(await expected()).toBe(true);
}

beforeAll(async () => {
  project = await tempProject(['real:swan', 'real:besluitmodellen']);
  server = await startDevServer({ root: project.root, deck: 'swan', port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(`${server.url}worksheet`, { waitUntil: 'load' });
});

afterAll(async () => {
  await closeBrowser(browser);
  await server.close();
  await project.cleanup();
});

describe('kaartenset dev: the worksheet', () => {
  it('shows each page at true size with every field box outlined and named', async () => {
    const size = await page.$eval('.page', (element) => {
      const rect = element.getBoundingClientRect();
      return { width: rect.width, height: rect.height };
    });
    expect(size.width).toBeCloseTo(210 * MM, 0);
    expect(size.height).toBeCloseTo(297 * MM, 0);
    const fields = await page.$$eval('[data-field]', (elements) =>
      elements.map((element) => ({ outline: getComputedStyle(element).outlineStyle, label: getComputedStyle(element, '::after').content })),
    );
    expect(fields.length).toBeGreaterThan(60);
    expect(fields.every((field) => field.outline === 'dashed')).toBe(true);
    expect(fields[0]!.label).toContain('header.date');
  });

  it('reloads on an edit to its stylesheet, its template and its locale', async () => {
    await editAndReload(
      'templates/styles/invulblad.css',
      (css) => css.replace('.line {\n  height: 7mm;\n}', '.line {\n  height: 9mm;\n}'),
      async () =>
        Math.abs((await page.$eval('[data-field="header.date"]', (element) => element.getBoundingClientRect().height)) - 9 * MM) < 1,
    );
    await editAndReload(
      'templates/invulblad.hbs',
      (hbs) => hbs.replace('<h1>{{ws.title}}</h1>', '<h1>{{ws.title}}!</h1>'),
      async () => (await page.$eval('h1', (element) => element.textContent)) === 'Invulblad!',
    );
    await editAndReload(
      'deck/swan/locales/nl.yaml',
      (yaml) => yaml.replace('  date: Datum\n', '  date: Datum van het gesprek\n'),
      async () => (await page.content()).includes('Datum van het gesprek'),
    );
  });

  it('shows the other deck and language on request, and a broken file as a message', async () => {
    await page.goto(`${server.url}worksheet?deck=besluitmodellen&lang=en`, { waitUntil: 'load' });
    expect(await page.$eval('h1', (element) => element.textContent)).toBe('Decision worksheet');
    expect(await page.$$eval('[data-field^="model."]', (elements) => elements.length)).toBe(6);
    await editAndReload(
      'deck/besluitmodellen/deck.yaml',
      (yaml) => yaml.replace('    decision.by: text\n', '    decision.by: texts\n'),
      async () => ((await page.$eval('#kaartenset-overlay', (element) => element.textContent)) ?? '').includes('deck.yaml'),
    );
  });
});
