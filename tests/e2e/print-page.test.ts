import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copySharedBuild } from '../support/built.ts';
import { findChromium } from '../../src/print/browser.ts';
import { REPO } from '../support/fixtures.ts';
import { tool } from '../support/pdf-tools.ts';
import { placedFaces, type PlacedFace } from '../support/sheet-faces.ts';

// A teacher's browser: Chromium opens dist/index.html from disk, with no server and no network,
// chooses options like a person would, and downloads the PDF the page makes. Outside readers
// (qpdf, pdfinfo, pdf.js) then say where every face landed.

const require = createRequire(import.meta.url);
let out: string;
let built: Awaited<ReturnType<typeof copySharedBuild>> | undefined;
let downloads: string;
let browser: Browser;
let page: Page;
const outsideRequests: string[] = [];
/** Every file the page asked for: it loads an ink's faces only when that ink is chosen. */
const requestedFiles: string[] = [];
const pageErrors: string[] = [];

const MM = 72 / 25.4;
const SHEETS = { A4: { width: 210 * MM, height: 297 * MM }, Letter: { width: 215.9 * MM, height: 279.4 * MM } };

/** Each card's title and the words on its back (its category's name and back line), from the deck's own files. */
async function deckWords(): Promise<Map<string, { title: string; back: string; count: number }>> {
  const cards = parse(await readFile(path.join(REPO, 'deck/swan/cards.yaml'), 'utf8')) as {
    cards: Array<{ id: string; category: string; count?: number }>;
  };
  const nl = parse(await readFile(path.join(REPO, 'deck/swan/locales/nl.yaml'), 'utf8')) as {
    cards: Record<string, { title: string }>;
    categories: Record<string, { back: string }>;
  };
  return new Map(
    cards.cards.map((card) => [
      card.id,
      { title: nl.cards[card.id]!.title, back: nl.categories[card.category]!.back, count: card.count ?? 1 },
    ]),
  );
}

/** The card a front shows, by the number in its footer ("7/24": the 7th card of the deck). */
function cardOf(face: PlacedFace, words: Map<string, { title: string; back: string; count: number }>) {
  const number = /(\d+)\/(\d+)/.exec(face.text);
  return number && Number(number[2]) === words.size ? [...words.values()][Number(number[1]) - 1] : undefined;
}

const printedCards = (words: Map<string, { count: number }>) => [...words.values()].reduce((sum, card) => sum + card.count, 0);

beforeAll(async () => {
  // A copy: the test lays a hostile page beside the print page.
  built = await copySharedBuild();
  out = built.out;
  downloads = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-downloads-'));
  browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.on('request', (request) => {
    if (request.url().startsWith('file:')) requestedFiles.push(path.basename(request.url()));
    else if (!request.url().startsWith('blob:')) outsideRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // A Dutch browser. Passed as text: the test runner's transpiler would add helpers to a function.
  await page.evaluateOnNewDocument(
    "Object.defineProperty(navigator, 'languages', { get: () => ['nl-NL', 'nl'] }); Object.defineProperty(navigator, 'language', { get: () => 'nl-NL' });",
  );
  const session = await page.createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
  await page.goto(pathToFileURL(path.join(out, 'index.html')).href, { waitUntil: 'load' });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await built?.cleanup();
  await rm(downloads, { recursive: true, force: true });
});

interface Choices {
  paper: 'A4' | 'Letter';
  printer: 'long-edge' | 'short-edge' | 'fold-over';
  offset?: { x: number; y: number };
  sets?: number;
  ink?: 'standard' | 'low-ink' | 'grayscale';
}

/** Clicks and types the choices into the Dutch SWAN form, makes the PDF and waits for the download. */
async function makePdf(choices: Choices): Promise<string> {
  const form = '#swan-nl form.school-form';
  await page.click(`${form} input[name="paper"][value="${choices.paper}"]`);
  await page.click(`${form} input[name="printer"][value="${choices.printer}"]`);
  const ink = choices.ink ?? 'standard';
  await page.click(`${form} input[name="ink"][value="${ink}"]`);
  const type = async (name: string, value: string) => {
    await page.click(`${form} input[name="${name}"]`, { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type(`${form} input[name="${name}"]`, value);
  };
  if (choices.printer !== 'fold-over') {
    await type('printerName', 'lokaal 2.14');
    await type('offsetX', String(choices.offset?.x ?? 0));
    await type('offsetY', String(choices.offset?.y ?? 0));
  }
  await type('sets', String(choices.sets ?? 1));
  const file = path.join(downloads, `swan-nl-${choices.paper.toLowerCase()}-${choices.printer}${ink === 'standard' ? '' : `-${ink}`}.pdf`);
  await rm(file, { force: true });
  await page.click(`${form} button[type="submit"]`);
  await page.waitForFunction((f) => document.querySelector(f)?.textContent?.startsWith('Klaar'), { timeout: 120_000 }, `${form} .status`);
  for (let wait = 0; wait < 100 && !(await stat(file).catch(() => undefined))?.size; wait++) await new Promise((r) => setTimeout(r, 100));
  return file;
}

/** A point's or rectangle's place on the other side of the paper once it turns about `axis`. */
function mirror(rect: PlacedFace['rect'], sheet: { width: number; height: number }, axis: 'vertical' | 'horizontal') {
  return axis === 'vertical' ? { ...rect, x: sheet.width - rect.x - rect.width } : { ...rect, y: sheet.height - rect.y - rect.height };
}
const mirrorUp = (up: PlacedFace['up'], axis: 'vertical' | 'horizontal') =>
  axis === 'vertical' ? { x: -up.x || 0, y: up.y } : { x: up.x, y: -up.y || 0 };
async function expectPageSize(file: string, sheet: { width: number; height: number }) {
  const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(await tool('pdfinfo', [file]))!;
  expect(Math.abs(Number(width) - sheet.width)).toBeLessThan(0.01);
  expect(Math.abs(Number(height) - sheet.height)).toBeLessThan(0.01);
}

const near = (a: PlacedFace['rect'], b: PlacedFace['rect']) =>
  ['x', 'y', 'width', 'height'].every((k) => Math.abs(a[k as 'x'] - b[k as 'x']) < 0.01);

/**
 * Every front has its own card's back behind it once the paper turns about `axis`: the back's
 * place, turned over and moved by the printer's drift (`measured`), is the front's place; the back
 * reads upright when the card is turned over about its own vertical axis; and it is that card's back.
 */
function expectBacksBehindFronts(
  fronts: PlacedFace[],
  backs: PlacedFace[],
  sheet: { width: number; height: number },
  axis: 'vertical' | 'horizontal',
  measured: { x: number; y: number },
  words: Map<string, { title: string; back: string; count: number }>,
) {
  expect(backs).toHaveLength(fronts.length);
  for (const front of fronts) {
    const card = cardOf(front, words);
    expect(card, `a card number in "${front.text.slice(0, 60)}"`).toBeDefined();
    const seen = backs.filter((back) => {
      const turned = mirror(back.rect, sheet, axis);
      return near({ ...turned, x: turned.x + measured.x, y: turned.y + measured.y }, front.rect);
    });
    expect(seen, `one back behind "${card!.title}"`).toHaveLength(1);
    // Long words are hyphenated at render time: compare the letters, not where lines break.
    const letters = (text: string) => text.replace(/[\s\u00ad-]+/g, '');
    expect(letters(seen[0]!.text)).toContain(letters(card!.back));
    expect(mirrorUp(seen[0]!.up, axis)).toEqual(front.up);
  }
}

describe('the print page, opened from disk in a Dutch browser', () => {
  it('opens in Dutch, lists every built set, passes axe-core (WCAG A/AA) and makes no request outside its folder', async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    const shown = await page.$$eval('article.set', (sets) => sets.filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.id));
    expect(shown).toEqual(['swan-nl']);
    expect(await page.$$eval('article.set', (sets) => sets.map((s) => s.id))).toEqual([
      'swan-nl',
      'swan-en',
      'besluitmodellen-nl',
      'besluitmodellen-en',
    ]);
    expect(await page.$eval('#swan-nl h1', (h) => h.textContent)).toBe('Sociaal Werk op Alle Niveaus');
    const purposes = await page.$$eval('#swan-nl section.purpose h3', (hs) => hs.map((h) => h.textContent));
    expect(purposes).toEqual(['Printen op school', 'Naar de drukkerij', 'Kaartendrukker', 'Invulblad']);
    expect(await page.$eval('#swan-nl .steps:not([hidden])', (s) => s.textContent)).toContain('100 %');
    // Evaluated through the DevTools protocol: the page's policy refuses any script it did not bring.
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string }> }> } }
      ).axe;
      return (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.map((violation) => violation.id);
    });
    expect(violations).toEqual([]);
    await page.click('#swan-nl .languages a[hreflang="en"]');
    expect(await page.evaluate(() => [document.documentElement.lang, document.querySelector('article.shown')?.id])).toEqual([
      'en',
      'swan-en',
    ]);
    expect(await page.$eval('#swan-en section.purpose h3', (h) => h.textContent)).toBe('Print at school');
    await page.goto(`${pathToFileURL(path.join(out, 'index.html')).href}#swan-nl`, { waitUntil: 'load' });
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("with the default choices places every face exactly where the build's sheets-school-a4.pdf does", async () => {
    const file = await makePdf({ paper: 'A4', printer: 'long-edge' });
    const [made, built] = [await placedFaces(file), await placedFaces(path.join(out, 'swan/nl/sheets-school-a4.pdf'))];
    expect(made.length).toBe(built.length);
    made.forEach((faces, index) => {
      expect(faces.length, `faces on page ${index + 1}`).toBe(built[index]!.length);
      faces.forEach((face, i) => {
        expect(near(face.rect, built[index]![i]!.rect), `face ${i + 1} of page ${index + 1}`).toBe(true);
        expect(face.up).toEqual(built[index]![i]!.up);
      });
    });
    expect(await tool('pdfinfo', [file])).toMatch(/Title:\s+Sociaal Werk op Alle Niveaus: Printvellen voor school, dubbelzijdig \(A4\)/);
  });

  for (const paper of ['A4', 'Letter'] as const) {
    const sheet = SHEETS[paper];

    it(`${paper}, duplex long edge, 2 sets, with the back measured 1.5 mm right and 0.5 mm down: every back behind its front`, async () => {
      const file = await makePdf({ paper, printer: 'long-edge', offset: { x: 1.5, y: -0.5 }, sets: 2 });
      await tool('qpdf', ['--check', file]);
      await expectPageSize(file, sheet);
      const pages = await placedFaces(file);
      expect(pages.length % 2).toBe(0);
      const words = await deckWords();
      const cards = pages
        .slice(2)
        .filter((_, i) => i % 2 === 0)
        .flat();
      expect(cards).toHaveLength(2 * printedCards(words));
      for (let index = 2; index < pages.length; index += 2) {
        expectBacksBehindFronts(pages[index]!, pages[index + 1]!, sheet, 'vertical', { x: 1.5 * MM, y: -0.5 * MM }, words);
      }
      // Remembered for this printer: a new visit finds the offset filled in.
      await page.reload({ waitUntil: 'load' });
      expect(await page.$eval('#swan-nl input[name="offsetX"]', (i) => (i as HTMLInputElement).value)).toBe('1.5');
    });

    it(`${paper}, duplex short edge: every back behind its front, turned for the flip`, async () => {
      const file = await makePdf({ paper, printer: 'short-edge' });
      const pages = await placedFaces(file);
      const words = await deckWords();
      for (let index = 2; index < pages.length; index += 2) {
        expectBacksBehindFronts(pages[index]!, pages[index + 1]!, sheet, 'horizontal', { x: 0, y: 0 }, words);
      }
    });

    it(`${paper}, fold-over in low ink: one page per sheet, each back mirrored across the fold behind its front`, async () => {
      const file = await makePdf({ paper, printer: 'fold-over', ink: 'low-ink' });
      // The low-ink faces came with their own script, the grayscale ones were never loaded.
      expect(requestedFiles).toContain('print-kit-low-ink.js');
      expect(requestedFiles).not.toContain('print-kit-grayscale.js');
      await expectPageSize(file, sheet);
      const pages = await placedFaces(file);
      expect(pages[0]).toEqual([]);
      const words = await deckWords();
      let cards = 0;
      for (const faces of pages.slice(1)) {
        const fronts = faces.filter((face) => cardOf(face, words));
        const backs = faces.filter((face) => !fronts.includes(face));
        const axis = fronts.every((face) => face.rect.x + face.rect.width < sheet.width / 2) ? 'vertical' : 'horizontal';
        if (axis === 'horizontal') expect(fronts.every((face) => face.rect.y > sheet.height / 2)).toBe(true);
        expectBacksBehindFronts(fronts, backs, sheet, axis, { x: 0, y: 0 }, words);
        cards += fronts.length;
      }
      expect(cards).toBe(printedCards(words));
    });
  }

  it('runs none of an injected script and reaches no server: the policy stands behind the escaping', async () => {
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';[^"]*connect-src 'none'/,
    );
    const heard: string[] = [];
    const server = createServer((request, response) => {
      heard.push(request.url ?? '');
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.end(request.url?.endsWith('.js') ? 'window.injected = true;' : 'ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // What a deck text that escaped the escaping would be: inline and remote script, an image, a stylesheet.
    const injected = [
      `<script src="${remote}/remote.js"></script>`,
      `<script>window.injected = true; fetch('${remote}/inline-fetch');</script>`,
      `<img src="${remote}/beacon.png" alt="">`,
      `<link rel="stylesheet" href="${remote}/style.css">`,
      `<p style="background: url(${remote}/style-attr.png)">x</p>`,
    ].join('\n');
    const hostile = path.join(out, 'hostile.html');
    await writeFile(hostile, html.replace('</main>', `${injected}\n</main>`));
    const other = await browser.newPage();
    const blocked: string[] = [];
    other.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) blocked.push(message.text());
    });
    try {
      await other.goto(`${pathToFileURL(hostile).href}#swan-nl`, { waitUntil: 'load' });
      // A script running with the page's rights (here the DevTools protocol's) still may not fetch.
      const fetched = await other.evaluate(`fetch('${remote}/evaluated-fetch').then(() => 'reached', () => 'refused')`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fetched).toBe('refused');
      expect(await other.evaluate('window.injected === true')).toBe(false);
      expect(heard).toEqual([]);
      expect(blocked.length).toBeGreaterThanOrEqual(3);
      // The page's own scripts still ran: the set is shown and the teacher's form is there.
      expect(await other.$eval('#swan-nl', (set) => set.classList.contains('shown'))).toBe(true);
      expect(await other.$eval('#swan-nl form.school-form', (form) => (form as HTMLFormElement).hidden)).toBe(false);
    } finally {
      await other.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(hostile, { force: true });
    }
  });

  it('left nothing half-written in the downloads', async () => {
    expect((await readdir(downloads)).filter((f) => !f.endsWith('.pdf'))).toEqual([]);
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
