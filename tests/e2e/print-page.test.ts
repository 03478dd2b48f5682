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
import { readCalibrationSheet } from '../support/calibration.ts';

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
    // A Dutch browser: --accept-lang sets navigator.languages, the locale override Intl. Neither
    // changes how Chromium's own number field reads "1,5" (it drops the comma: 15), which is why
    // the page reads what is typed itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=nl-NL',
      '--accept-lang=nl-NL,nl',
    ],
  });
  page = await browser.newPage();
  page.on('request', (request) => {
    if (request.url().startsWith('file:')) requestedFiles.push(path.basename(request.url()));
    else if (!request.url().startsWith('blob:')) outsideRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const session = await page.createCDPSession();
  await session.send('Emulation.setLocaleOverride', { locale: 'nl-NL' });
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
  /** What the teacher types, as read from the calibration sheet: "1,5", "-0,5". */
  offset?: { x: string; y: string };
  sets?: number;
  ink?: 'standard' | 'low-ink' | 'grayscale';
}

const FORM = '#swan-nl form.school-form';

/** Clears a field and types into it, as a person does. */
async function typeInto(name: string, value: string) {
  await page.click(`${FORM} input[name="${name}"]`, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.type(`${FORM} input[name="${name}"]`, value);
}

/** Clicks the choices into the Dutch SWAN form and types the rest, without making the PDF. */
async function choose(choices: Choices) {
  await page.click(`${FORM} input[name="paper"][value="${choices.paper}"]`);
  await page.click(`${FORM} input[name="printer"][value="${choices.printer}"]`);
  await page.click(`${FORM} input[name="ink"][value="${choices.ink ?? 'standard'}"]`);
  if (choices.printer !== 'fold-over') {
    await typeInto('printerName', 'lokaal 2.14');
    await typeInto('offsetX', choices.offset?.x ?? '0');
    await typeInto('offsetY', choices.offset?.y ?? '0');
  }
  await typeInto('sets', String(choices.sets ?? 1));
}

/**
 * Makes the PDF with the choices and waits for the download, under the name the page announces.
 * The PDFs of earlier requests go first: Chromium would save a second file of one name as "name (1)".
 */
async function makePdf(choices: Choices): Promise<string> {
  await choose(choices);
  return makeChosen();
}

/** Makes the PDF with what the form holds now and waits for the download. */
async function makeChosen(): Promise<string> {
  for (const earlier of await readdir(downloads)) if (earlier.endsWith('.pdf')) await rm(path.join(downloads, earlier));
  await page.click(`${FORM} button[type="submit"]`);
  await page.waitForFunction((f) => document.querySelector(f)?.textContent?.startsWith('Klaar'), { timeout: 120_000 }, `${FORM} .status`);
  const status = await page.$eval(`${FORM} .status`, (p) => p.textContent ?? '');
  const file = path.join(downloads, /^Klaar: (.+) staat in je downloads\.$/.exec(status)![1]!);
  for (let wait = 0; wait < 100 && !(await stat(file).catch(() => undefined))?.size; wait++) await new Promise((r) => setTimeout(r, 100));
  return file;
}

/** axe-core's WCAG 2.x A and AA violations on the page as it is now. */
async function axeViolations(): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's policy refuses any script it did not bring.
  if (!(await page.evaluate('Boolean(window.axe)'))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string }> }> } }
    ).axe;
    return (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.map((violation) => violation.id);
  });
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
    expect(await page.$eval('#swan-nl .steps:not([hidden])', (s) => s.textContent)).toContain('100\u00a0%');
    expect(await axeViolations()).toEqual([]);
    // A teacher's words: no tool names or profile ids where a teacher reads.
    for (const set of ['swan-nl', 'swan-en']) {
      const words = await page.$eval(`#${set} form.school-form`, (form) => form.textContent);
      expect(words).not.toMatch(/preflight|print-and-play|school-a4|school-letter/i);
      const intro = await page.$eval(`#${set} section.shop p`, (p) => p.textContent);
      expect(intro).not.toMatch(/preflight/i);
    }
    expect(await page.$eval('#swan-en', (set) => set.textContent)).not.toMatch(/print-and-play/i);
    await page.click('#swan-nl .languages a[hreflang="en"]');
    await page.waitForFunction(() => location.hash === '#swan-en');
    expect(await page.evaluate(() => [document.documentElement.lang, document.querySelector('article.shown')?.id])).toEqual([
      'en',
      'swan-en',
    ]);
    expect(await page.$eval('#swan-en section.purpose h3', (h) => h.textContent)).toBe('Print at school');
    await page.goto(`${pathToFileURL(path.join(out, 'index.html')).href}#swan-nl`, { waitUntil: 'load' });
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("with the default choices places every face exactly where the build's swan-nl-sheets-school-a4.pdf does", async () => {
    const file = await makePdf({ paper: 'A4', printer: 'long-edge' });
    const [made, built] = [await placedFaces(file), await placedFaces(path.join(out, 'swan/nl/swan-nl-sheets-school-a4.pdf'))];
    expect(made.length).toBe(built.length);
    made.forEach((faces, index) => {
      expect(faces.length, `faces on page ${index + 1}`).toBe(built[index]!.length);
      faces.forEach((face, i) => {
        expect(near(face.rect, built[index]![i]!.rect), `face ${i + 1} of page ${index + 1}`).toBe(true);
        expect(face.up).toEqual(built[index]![i]!.up);
      });
    });
    const info = await tool('pdfinfo', [file]);
    expect(info).toMatch(
      /Title:\s+Sociaal Werk op Alle Niveaus: Printvellen voor school, dubbelzijdig \(A4 · dubbelzijdig, lange zijde · afgelezen 0 \/ 0 · achterkanten niet verschoven · Volledige kleur · aantal sets: 1\)/,
    );
    expect(info).toMatch(/Subject:\s+\d+ vellen, \d+ kaarten per vel/);
  });

  it('on a printer whose backs land 2 mm off, the calibration as docs/schools.md tells it ends within 0.2 mm in one round', async () => {
    const drift = { x: 2, y: 0 };
    const first = await makePdf({ paper: 'A4', printer: 'long-edge' });
    const { read } = await readCalibrationSheet(first, drift, 'vertical', SHEETS.A4);
    expect(Math.abs(read.x)).toBe(2);
    // Typed as the sheet shows it, in Dutch.
    const offset = { x: read.x.toLocaleString('nl-NL'), y: read.y.toLocaleString('nl-NL') };
    const second = await makePdf({ paper: 'A4', printer: 'long-edge', offset });
    const { exact } = await readCalibrationSheet(second, drift, 'vertical', SHEETS.A4);
    expect(Math.abs(exact.x), `${exact.x} mm left across`).toBeLessThan(0.2);
    expect(Math.abs(exact.y), `${exact.y} mm left up and down`).toBeLessThan(0.2);
  });

  for (const paper of ['A4', 'Letter'] as const) {
    const sheet = SHEETS[paper];

    it(`${paper}, duplex long edge, 3 sets, "1,5" and "-0,5" typed from the calibration sheet: set after set, every back behind its front, 1.5 mm left and 0.5 mm up`, async () => {
      const choices = { paper, printer: 'long-edge', offset: { x: '1,5', y: '-0,5' }, sets: 3 } as const;
      await choose(choices);
      // Before anything is made, the page says what the correction does and how much paper it takes.
      expect(await page.$eval(`${FORM} .effect`, (p) => p.textContent)).toBe(
        'Wat de pagina doet: de achterkanten schuiven 1,5 mm naar links en 0,5 mm omhoog, gezien vanaf de voorkant.',
      );
      const count = await page.$eval(`${FORM} .count`, (p) => p.textContent ?? '');
      const file = await makePdf(choices);
      await tool('qpdf', ['--check', file]);
      await expectPageSize(file, sheet);
      const pages = await placedFaces(file);
      expect(pages.length % 2).toBe(0);
      const [, sheets, pageCount] = /(\d+) vellen, (\d+) pagina/.exec(count)!;
      expect([Number(sheets), Number(pageCount)]).toEqual([pages.length / 2, pages.length]);
      const words = await deckWords();
      const fronts = pages.slice(2).filter((_, i) => i % 2 === 0);
      const cards = fronts.flat();
      expect(cards).toHaveLength(3 * printedCards(words));
      // Whole sets, one after the other: the deck's order three times over.
      const titles = cards.map((face) => cardOf(face, words)?.title);
      const set = [...words.values()].flatMap((card) => Array.from({ length: card.count }, () => card.title));
      expect(titles).toEqual([...set, ...set, ...set]);
      for (let index = 2; index < pages.length; index += 2) {
        expectBacksBehindFronts(pages[index]!, pages[index + 1]!, sheet, 'vertical', { x: 1.5 * MM, y: -0.5 * MM }, words);
      }
      // The slug says which correction was applied, in the page's language.
      expect((await tool('pdftotext', ['-f', '3', '-l', '3', file, '-'])).replace(/\s+/g, ' ')).toContain(
        `${paper} · dubbelzijdig, lange zijde · afgelezen +1,5 (rechts) / \u22120,5 (onder) · achterkanten 1,5 mm naar links en 0,5 mm omhoog`,
      );
      // Remembered for this printer: a new visit finds the reading filled in as it was typed.
      await page.reload({ waitUntil: 'load' });
      expect(await page.$eval('#swan-nl input[name="offsetX"]', (i) => (i as HTMLInputElement).value)).toBe('1,5');
      expect(await page.$eval('#swan-nl input[name="offsetY"]', (i) => (i as HTMLInputElement).value)).toBe('\u22120,5');
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

  it('reads a decimal comma or point alike, and refuses what it cannot read in Dutch, beside the field, making nothing', async () => {
    await choose({ paper: 'A4', printer: 'long-edge' });
    const effect = () => page.$eval(`${FORM} .effect`, (p) => p.textContent);
    for (const typed of ['1,5', '1.5', ' 1,5 ', '1,50']) {
      await typeInto('offsetX', typed);
      expect(await effect(), typed).toBe('Wat de pagina doet: de achterkanten schuiven 1,5 mm naar links, gezien vanaf de voorkant.');
    }
    await typeInto('offsetX', '-1,5');
    expect(await effect()).toBe('Wat de pagina doet: de achterkanten schuiven 1,5 mm naar rechts, gezien vanaf de voorkant.');
    const before = await readdir(downloads);
    /** Submits, then says which field has focus, whether it is marked invalid, and the message shown. */
    const refusal = async (name: string) => {
      await page.click(`${FORM} button[type="submit"]`);
      return page.$eval(
        FORM,
        (form, field) => {
          const input = form.querySelector(`input[name="${field}"]`)!;
          const message = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)!;
          return {
            focused: document.activeElement === input,
            invalid: input.getAttribute('aria-invalid'),
            message: message.hidden ? '' : message.textContent,
            status: form.querySelector('.status')!.textContent,
          };
        },
        name,
      );
    };
    for (const typed of ['6', '-5,5']) {
      await typeInto('offsetX', typed);
      expect(await refusal('offsetX'), typed).toEqual({
        focused: true,
        invalid: 'true',
        message:
          'Meer dan 5\u00a0mm is geen printer die iets verschuift: het kalibratievel is geprint met ‘aanpassen aan pagina’ of op ander papier. Print pagina 1 en 2 opnieuw op 100\u00a0% (werkelijke grootte), op het papier dat hierboven gekozen is, en lees opnieuw af.',
        status: '',
      });
    }
    for (const typed of ['1.234,5', 'abc', '1,5,0']) {
      await typeInto('offsetX', typed);
      expect(await refusal('offsetX'), typed).toEqual({
        focused: true,
        invalid: 'true',
        message: 'Typ een getal van \u22125 tot en met 5 millimeter, met een komma of een punt, bijvoorbeeld 1,5 of \u22120,5.',
        status: '',
      });
    }
    await typeInto('offsetX', '0');
    expect(await page.$eval(`${FORM} label[for$="-sets"]`, (l) => l.textContent)).toContain('1 tot en met 60');
    for (const typed of ['0', '-3', '500', 'zes', '']) {
      await typeInto('sets', typed);
      expect(await refusal('sets'), JSON.stringify(typed)).toEqual({
        focused: true,
        invalid: 'true',
        message: 'Typ een heel aantal sets van 1 tot en met 60.',
        status: '',
      });
    }
    await typeInto('sets', '1');
    const boxes = await page.$$(`${FORM} input[name="cards"]`);
    for (const box of boxes) await box.click();
    await page.click(`${FORM} button[type="submit"]`);
    expect(await page.$eval(`${FORM} .cards-choice .error`, (p) => ((p as HTMLElement).hidden ? '' : p.textContent))).toBe(
      'Kies minstens één kaart.',
    );
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('cards');
    expect(await axeViolations()).toEqual([]);
    for (const box of boxes) await box.click();
    expect(await readdir(downloads)).toEqual(before);
    await page.reload({ waitUntil: 'load' });
  });

  it('announces once when the PDF is made, not once per sheet, and moves focus to that result', async () => {
    await page.evaluate(`(() => {
      const status = document.querySelector('${FORM} .status');
      window.announced = [];
      new MutationObserver(() => { if (status.textContent) window.announced.push(status.textContent); })
        .observe(status, { childList: true, characterData: true, subtree: true });
    })()`);
    const file = await makePdf({ paper: 'A4', printer: 'long-edge', sets: 2 });
    expect(path.basename(file)).toBe('swan-nl-a4-dubbelzijdig-lange-zijde-volledige-kleur-2-sets.pdf');
    expect(await page.evaluate('window.announced')).toEqual([`Klaar: ${path.basename(file)} staat in je downloads.`]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('status'))).toBe(true);
    expect(await page.$eval(`${FORM} .status`, (p) => p.getAttribute('role'))).toBe('status');
    expect(await page.$$eval(`${FORM} [aria-live], ${FORM} [role="status"]`, (live) => live.length)).toBe(1);
    expect(await axeViolations()).toEqual([]);
  });

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

  it('remembers a reading per printer name, flip and paper: anything new starts at 0 / 0 and says nothing was read yet', async () => {
    const fields = () =>
      page.$eval(FORM, (form) => ({
        x: (form.querySelector('input[name="offsetX"]') as HTMLInputElement).value,
        y: (form.querySelector('input[name="offsetY"]') as HTMLInputElement).value,
        unsaved: (form.querySelector('p.unsaved') as HTMLElement).hidden ? '' : form.querySelector('p.unsaved')!.textContent,
      }));
    const nothingRead =
      'Voor deze printer is met dit papier en deze manier van omslaan nog niets afgelezen: print pagina 1 en 2 en typ wat de schaal laat zien.';
    const nameIt = async (name: string) => {
      await typeInto('printerName', name);
      await page.keyboard.press('Tab');
    };
    await choose({ paper: 'A4', printer: 'long-edge', offset: { x: '2', y: '-0,5' } });
    await nameIt('kopieerhok 1');
    expect(await fields()).toEqual({ x: '0', y: '0', unsaved: nothingRead });
    await typeInto('offsetX', '2');
    await typeInto('offsetY', '-0,5');
    await makeChosen();
    expect(await fields()).toEqual({ x: '2', y: '-0,5', unsaved: '' });
    await page.click(`${FORM} input[name="printer"][value="short-edge"]`);
    expect(await fields()).toEqual({ x: '0', y: '0', unsaved: nothingRead });
    await page.click(`${FORM} input[name="printer"][value="long-edge"]`);
    expect(await fields()).toEqual({ x: '2', y: '\u22120,5', unsaved: '' });
    await page.click(`${FORM} input[name="paper"][value="Letter"]`);
    expect(await fields()).toEqual({ x: '0', y: '0', unsaved: nothingRead });
    await page.click(`${FORM} input[name="paper"][value="A4"]`);
    await nameIt('lerarenkamer');
    expect(await fields()).toEqual({ x: '0', y: '0', unsaved: nothingRead });
    await nameIt('kopieerhok 1');
    expect(await fields()).toEqual({ x: '2', y: '\u22120,5', unsaved: '' });
    expect(await page.$eval(`${FORM} .effect`, (p) => p.textContent)).toBe(
      'Wat de pagina doet: de achterkanten schuiven 2 mm naar links en 0,5 mm omhoog, gezien vanaf de voorkant.',
    );
    await page.reload({ waitUntil: 'load' });
  });

  it('ticks or clears every card with one box, from the keyboard, and shows when only some are chosen', async () => {
    const state = () =>
      page.$eval(FORM, (form) => {
        const all = form.querySelector('input[name="allCards"]') as HTMLInputElement;
        const boxes = [...form.querySelectorAll<HTMLInputElement>('input[name="cards"]')];
        return {
          all: all.checked,
          mixed: all.indeterminate,
          ticked: boxes.filter((box) => box.checked).length,
          count: form.querySelector('p.count')!.textContent,
        };
      });
    const cards = (await page.$$(`${FORM} input[name="cards"]`)).length;
    expect(await state()).toMatchObject({ all: true, mixed: false, ticked: cards });
    await page.focus(`${FORM} input[name="allCards"]`);
    await page.keyboard.press('Space');
    expect(await state()).toMatchObject({ all: false, mixed: false, ticked: 0, count: '' });
    await page.click(`${FORM} input[name="cards"]`);
    expect(await state()).toMatchObject({ all: false, mixed: true, ticked: 1 });
    await page.focus(`${FORM} input[name="allCards"]`);
    await page.keyboard.press('Space');
    expect(await state()).toMatchObject({ all: true, mixed: false, ticked: cards });
    expect(await axeViolations()).toEqual([]);
  });

  it('left nothing half-written in the downloads', async () => {
    expect((await readdir(downloads)).filter((f) => !f.endsWith('.pdf'))).toEqual([]);
    expect(outsideRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
