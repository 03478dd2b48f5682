import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../../src/print/browser.ts';
import { renderWebEdition } from '../../../src/web/web-edition.ts';
import { FIXTURES, REPO } from '../../support/fixtures.ts';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const SETS = [
  { deck: 'swan', dir: path.join(REPO, 'deck', 'swan'), language: 'nl' },
  { deck: 'swan', dir: path.join(REPO, 'deck', 'swan'), language: 'en' },
  { deck: 'besluitmodellen', dir: path.join(REPO, 'deck', 'besluitmodellen'), language: 'nl' },
  { deck: 'besluitmodellen', dir: path.join(REPO, 'deck', 'besluitmodellen'), language: 'en' },
  { deck: 'rtl', dir: path.join(FIXTURES, 'decks', 'rtl'), language: 'ar' },
];

let browser: Browser;
let work: string;
const decks = new Map<string, LoadedDeck>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-web-'));
  for (const set of SETS) {
    if (decks.has(set.deck)) continue;
    const { deck, problems } = await loadDeck(set.dir, projectPaths(REPO), { extraLanguages: set.deck === 'rtl' ? ['ar'] : [] });
    if (!deck) throw new Error(problems.map((problem) => problem.message).join('\n'));
    decks.set(set.deck, deck);
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeBrowser(browser);
  await rm(work, { recursive: true, force: true });
});

/** Opens a set's web edition from disk the way a learner does, recording every request and error. */
async function open(set: (typeof SETS)[number]): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const deck = decks.get(set.deck)!;
  const file = path.join(work, `${set.deck}-${set.language}.html`);
  await writeFile(file, renderWebEdition(deck, set.language, deck.locales.get(set.language)!.locale));
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const url = pathToFileURL(file).href;
  // Offline means nothing but the page itself is asked for: anything else is recorded and refused.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) return void request.continue();
    requests.push(request.url());
    void request.abort();
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') errors.push(message.text());
  });
  page.on('requestfailed', (request) => {
    if (request.url() === url) errors.push(`the page itself failed to load: ${request.failure()?.errorText}`);
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

describe.each(SETS)('the web edition of $deck [$language]', (set) => {
  it('has no WCAG 2.2 A/AA violations by axe-core, fetches nothing and logs no error', async () => {
    const { page, requests, errors } = await open(set);
    try {
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async (tags) => {
        const axe = (
          window as unknown as {
            axe: {
              run: (
                context: Document,
                options: object,
              ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
            };
          }
        ).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      }, WCAG_22_AA);
      expect(violations).toEqual([]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows every card as an article with a heading, in the deck language, each picto named from the locale', async () => {
    const deck = decks.get(set.deck)!;
    const locale = deck.locales.get(set.language)!.locale;
    const { page } = await open(set);
    try {
      const seen = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        h1: document.querySelectorAll('h1').length,
        cards: Array.from(document.querySelectorAll('main article.card')).map((article) => ({
          id: article.id,
          heading: article.querySelector('h3')?.textContent ?? '',
          label: document.getElementById(article.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
          picto: article.querySelector('.picto[role="img"]')?.getAttribute('aria-label') ?? '',
          hidden: article.querySelector('.picto svg')?.getAttribute('aria-hidden') ?? '',
          region: article.closest('section')?.querySelector('h2')?.textContent ?? '',
        })),
      }));
      expect(seen.lang).toBe(set.language);
      expect(seen.dir).toBe(locale.language.direction);
      expect(seen.h1).toBe(1);
      expect(seen.cards.map((card) => card.id)).toEqual(deck.cards.map((card) => `card-${card.id}`));
      seen.cards.forEach((card, index) => {
        const source = deck.cards[index]!;
        expect(card.heading).toContain(String(locale.cards[source.id]!.title).replace(/\*/g, ''));
        expect(card.label).toBe(card.heading);
        expect(card.picto).toBe(locale.pictos![source.picto]);
        expect(card.hidden).toBe('true');
        expect(card.region).toBe(locale.categories[source.category]!.name);
      });
    } finally {
      await page.close();
    }
  });
});

describe('keyboard walk-through', () => {
  /** Where focus is, and whether a keyboard user can see it (a real ring, not outline: none). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return {
        id: element.id,
        visible: element.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });

  it('Tab reaches every card in order with a visible focus ring; arrows, Home and End move between cards', async () => {
    const deck = decks.get('swan')!;
    const ids = deck.cards.map((card) => `card-${card.id}`);
    const { page } = await open(SETS[0]!);
    try {
      for (const id of ids) {
        await page.keyboard.press('Tab');
        expect(await focused(page)).toEqual({ id, visible: true });
      }
      await page.keyboard.press('Home');
      expect((await focused(page)).id).toBe(ids[0]);
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toEqual({ id: ids[1], visible: true });
      await page.keyboard.press('ArrowRight');
      expect((await focused(page)).id).toBe(ids[2]);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowUp');
      expect((await focused(page)).id).toBe(ids[0]);
      await page.keyboard.press('ArrowUp');
      expect((await focused(page)).id).toBe(ids[0]);
      await page.keyboard.press('End');
      expect((await focused(page)).id).toBe(ids.at(-1));
      const inView = await page.evaluate(() => {
        const box = document.activeElement!.getBoundingClientRect();
        return box.top < window.innerHeight && box.bottom > 0;
      });
      expect(inView).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('mirrors the arrows for a right-to-left deck: ArrowLeft goes to the next card', async () => {
    const ids = decks.get('rtl')!.cards.map((card) => `card-${card.id}`);
    const { page } = await open(SETS.find((set) => set.deck === 'rtl')!);
    try {
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe(ids[0]);
      await page.keyboard.press('ArrowLeft');
      expect((await focused(page)).id).toBe(ids[1]);
      await page.keyboard.press('ArrowRight');
      expect((await focused(page)).id).toBe(ids[0]);
    } finally {
      await page.close();
    }
  });
});
