import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../../src/print/browser.ts';
import { contrastRatio, toHex } from '../../../src/shared/colours.ts';
import { renderWebEdition } from '../../../src/web/web-edition.ts';
import { FIXTURES, REPO } from '../../support/fixtures.ts';
import { typeset } from '../../../src/typography/typography.ts';
import { axeViolations, WCAG_22_AA } from '../../support/axe.ts';

/** axe-core's best practices besides the WCAG rules: one h1, all content in landmarks and more. */
const WCAG_22_AA_AND_BEST_PRACTICE = [...WCAG_22_AA, 'best-practice'];

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
  await writeFile(file, await renderWebEdition(deck, set.language, deck.locales.get(set.language)!.locale));
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const url = pathToFileURL(file).href;
  // Offline means nothing but the page itself is asked for: anything else is recorded and refused.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    // The page itself, and the fonts and pictures it carries inside it as data: URLs.
    if (request.url() === url || request.url().startsWith('data:')) return void request.continue();
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

/** The classroom sets: the two decks in both languages (the right-to-left fixture has no presenter words). */
const CLASSROOM = SETS.filter((set) => set.deck !== 'rtl');

describe.each(SETS)('the web edition of $deck [$language]', (set) => {
  it('has no WCAG 2.2 A/AA violations by axe-core, fetches nothing and logs no error', async () => {
    const { page, requests, errors } = await open(set);
    try {
      expect(await axeViolations(page)).toEqual([]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('is well-formed HTML: no element carries an attribute twice', async () => {
    const deck = decks.get(set.deck)!;
    const html = await renderWebEdition(deck, set.language, deck.locales.get(set.language)!.locale);
    const repeated: string[] = [];
    for (const [tag] of html.matchAll(/<[a-z][a-z0-9-]*(?:\s+[^\s=/>]+(?:="[^"]*"|='[^']*'|=[^\s>"']+)?)*\s*\/?>/gi)) {
      const names = Array.from(tag.matchAll(/\s([^\s=/>]+)(?:="[^"]*"|='[^']*'|=[^\s>"']+)?/g), (match) => match[1]!.toLowerCase());
      if (new Set(names).size !== names.length) repeated.push(tag.slice(0, 80));
    }
    expect(repeated).toEqual([]);
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
        // The title as the cards set it: typographic apostrophes, no-break terms.
        expect(card.heading).toContain(typeset(String(locale.cards[source.id]!.title).replace(/\*/g, ''), set.language, deck.meta.noBreak));
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
      // First the print page, the other language and the present button, then the cards.
      for (const expected of ['De kaarten printen op school', 'English', 'Presenteren (één kaart per scherm)']) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement!.textContent)).toBe(expected);
      }
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
      while (!(await page.evaluate(() => document.activeElement!.matches('article.card')))) await page.keyboard.press('Tab');
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

describe.each(CLASSROOM)('the web edition on the classroom screen, $deck [$language]', (set) => {
  const ui = () => decks.get(set.deck)!.locales.get(set.language)!.locale.ui;

  it('has no WCAG 2.2 A/AA or axe-core best-practice violations while presenting one card', async () => {
    const { page, errors } = await open(set);
    try {
      await page.click('[data-present]');
      await page.keyboard.press('PageDown');
      expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(true);
      expect(await axeViolations(page, WCAG_22_AA_AND_BEST_PRACTICE)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows the keys, and links to the print page and to the other languages', async () => {
    const { page } = await open(set);
    try {
      const seen = await page.evaluate(() => ({
        hint: document.querySelector('.hint')?.textContent ?? '',
        links: Array.from(document.querySelectorAll('nav.links a')).map((link) => ({
          href: link.getAttribute('href'),
          lang: link.getAttribute('lang'),
          text: link.textContent,
        })),
      }));
      expect(seen.hint).toContain('Home');
      const other = set.language === 'nl' ? 'en' : 'nl';
      expect(seen.links).toEqual([
        { href: `../../../index.html#${set.deck}-${set.language}`, lang: null, text: ui()['web-print-page'] },
        { href: `../../${other}/web/index.html`, lang: other, text: other === 'en' ? 'English' : 'Nederlands' },
      ]);
    } finally {
      await page.close();
    }
  });

  it('names each category heading by its text only, and lists only steps as ordered', async () => {
    const deck = decks.get(set.deck)!;
    const locale = deck.locales.get(set.language)!.locale;
    const { page } = await open(set);
    try {
      const tree = await page.accessibility.snapshot({ interestingOnly: true });
      const headings: string[] = [];
      const walk = (node: { role: string; name?: string; level?: number; children?: unknown[] } | null) => {
        if (!node) return;
        if (node.role === 'heading' && node.level === 2) headings.push(node.name ?? '');
        for (const child of node.children ?? []) walk(child as typeof node);
      };
      walk(tree);
      const categories = [...new Set(deck.cards.map((card) => card.category))].map((id) => locale.categories[id]!.name);
      expect(headings).toEqual(categories);
      const lists = await page.evaluate(() =>
        Array.from(document.querySelectorAll('article.card')).flatMap((card) =>
          Array.from(card.querySelectorAll('ol, ul')).map(
            (list) => `${card.id} ${list.previousElementSibling?.textContent} ${list.tagName}`,
          ),
        ),
      );
      for (const card of deck.cards) {
        const mine = lists.filter((entry) => entry.startsWith(`card-${card.id} `));
        for (const entry of mine) {
          const ordered = card.template !== 'level' && entry.includes(` ${locale.ui.steps} `);
          expect(entry).toMatch(ordered ? / OL$/ : / UL$/);
        }
      }
      if (deck.cards.some((card) => card.template === 'level')) expect(lists.some((entry) => entry.endsWith(' UL'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('names card headings as they read: no space before a colon, labels in their own case', async () => {
    const locale = decks.get(set.deck)!.locales.get(set.language)!.locale;
    const { page } = await open(set);
    try {
      const tree = await page.accessibility.snapshot({ interestingOnly: true });
      const names: Record<number, string[]> = { 3: [], 4: [] };
      const walk = (node: { role: string; name?: string; level?: number; children?: unknown[] } | null) => {
        if (!node) return;
        if (node.role === 'heading' && (node.level === 3 || node.level === 4)) names[node.level]!.push(node.name ?? '');
        for (const child of node.children ?? []) walk(child as typeof node);
      };
      walk(tree);
      expect(names[3]!.length).toBeGreaterThan(0);
      for (const name of names[3]!) expect(name).not.toMatch(/\s[:;,.]/);
      const labels = ['when', 'steps', 'interventions', 'questions', 'example'].map((key) => locale.ui[key]);
      expect(names[4]!.length).toBeGreaterThan(0);
      for (const name of names[4]!) expect(labels).toContain(name);
    } finally {
      await page.close();
    }
  });

  it("draws its text in the deck's own fonts, embedded in the page", async () => {
    const { page, requests } = await open(set);
    try {
      const client = await page.createCDPSession();
      await client.send('DOM.enable');
      await client.send('CSS.enable');
      const { root } = await client.send('DOM.getDocument');
      const fontsOf = async (selector: string) => {
        const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        const { fonts } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
        return fonts.map((font) => `${font.familyName}${font.isCustomFont ? ' (embedded)' : ''}`);
      };
      for (const [selector, family] of [
        ['h1', 'Fraunces'],
        ['article.card h3', 'Fraunces'],
        ['article.card li', 'Source Sans 3'],
        ['article.card .kicker', 'Source Sans 3'],
      ]) {
        const fonts = await fontsOf(selector!);
        expect(fonts.length, selector).toBeGreaterThan(0);
        for (const font of fonts) expect(font, selector).toMatch(new RegExp(`^${family} ?.*\\(embedded\\)$`));
      }
      expect(requests).toEqual([]);
      const size = await page.evaluate(() => document.documentElement.outerHTML.length);
      expect(size).toBeLessThan(600 * 1024);
    } finally {
      await page.close();
    }
  });
});

describe('words in another language carry their own lang', () => {
  it.each([
    [SETS[1]!, 'nl', 'De beslissende professional'],
    [SETS[3]!, 'nl', 'Betere besluiten in het sociaal werk'],
    [SETS[3]!, 'nl', 'Omgekeerde toets©'],
    [SETS[2]!, 'en', 'Shared Decision Making'],
  ])('%o: %s for "%s"', async (set, lang, words) => {
    const { page } = await open(set);
    try {
      const marked = await page.evaluate(
        (lang) =>
          // Soft hyphens and no-break spaces aside: the words break where print breaks them.
          Array.from(document.querySelectorAll(`main [lang="${lang}"], footer [lang="${lang}"]`)).map((element) =>
            element.textContent?.replace(/\u00ad/g, '').replace(/\u00a0/g, ' '),
          ),
        lang,
      );
      expect(marked).toContain(words);
    } finally {
      await page.close();
    }
  });
});

describe("presenting with the keyboard only (a presenter's clicker sends Page Up and Page Down)", () => {
  const state = (page: Page) =>
    page.evaluate(() => {
      const visible = Array.from(document.querySelectorAll('article.card')).filter((card) => card.checkVisibility());
      const bar = document.getElementById('presenter')!;
      const card = visible[0]?.getBoundingClientRect();
      return {
        presenting: document.body.classList.contains('presenting'),
        visible: visible.map((card) => card.id),
        focused: document.activeElement!.id,
        position: document.getElementById('presenter-position')!.textContent,
        keys: bar.hidden ? '' : (bar.querySelector('.presenter-keys')?.textContent ?? ''),
        fills: card ? card.height > window.innerHeight * 0.6 || card.width > window.innerWidth * 0.6 : false,
      };
    });

  it('starts from the present button, turns the cards with every key, and Escape returns to the list', async () => {
    const deck = decks.get('besluitmodellen')!;
    const ids = deck.cards.map((card) => `card-${card.id}`);
    const { page, errors } = await open(SETS[2]!);
    try {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      let now = await state(page);
      expect(now).toMatchObject({ presenting: true, visible: [ids[0]], focused: ids[0], position: `1 / ${ids.length}`, fills: true });
      expect(now.keys).toContain('Page Down');
      for (const [key, index] of [
        ['ArrowRight', 1],
        ['PageDown', 2],
        ['ArrowDown', 3],
        ['PageUp', 2],
        ['ArrowLeft', 1],
        ['ArrowUp', 0],
        ['ArrowUp', 0],
        ['End', ids.length - 1],
        ['PageDown', ids.length - 1],
        ['Home', 0],
      ] as const) {
        await page.keyboard.press(key);
        now = await state(page);
        expect(now, key).toMatchObject({ visible: [ids[index]], focused: ids[index], position: `${index + 1} / ${ids.length}` });
      }
      await page.keyboard.press('PageDown');
      await page.keyboard.press('Escape');
      now = await state(page);
      expect(now).toMatchObject({ presenting: false, focused: ids[1], keys: '' });
      expect(now.visible).toHaveLength(ids.length);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    [1280, 720],
    [1024, 768],
    [800, 600],
  ])('fits every card on a %i x %i screen: nothing is cut off or needs scrolling', async (width, height) => {
    for (const set of CLASSROOM) {
      const { page } = await open(set);
      try {
        await page.setViewport({ width, height });
        await page.click('[data-present]');
        const overflowing: string[] = [];
        const count = decks.get(set.deck)!.cards.length;
        for (let index = 0; index < count; index++) {
          const seen = await page.evaluate(() => {
            const card = document.querySelector('article.card.current') as HTMLElement;
            const box = card.getBoundingClientRect();
            return {
              id: card.id,
              fits: card.scrollHeight <= card.clientHeight && card.scrollWidth <= card.clientWidth && box.bottom <= window.innerHeight,
              size: parseFloat(getComputedStyle(card).fontSize),
            };
          });
          if (!seen.fits) overflowing.push(seen.id);
          // Still a size to read from the back of a classroom, not a cut-down to nothing.
          expect(seen.size, seen.id).toBeGreaterThanOrEqual(12);
          await page.keyboard.press('PageDown');
        }
        expect(overflowing, `${set.deck} [${set.language}]`).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it('shows the focused card with a focus ring that stands out from the dark presenting background', async () => {
    const { page } = await open(SETS[0]!);
    try {
      await page.focus('[data-present]');
      await page.keyboard.press('Enter');
      await page.keyboard.press('PageDown');
      const seen = await page.evaluate(() => {
        const card = document.activeElement as HTMLElement;
        const style = getComputedStyle(card);
        return {
          current: card.classList.contains('current'),
          visible: card.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          outline: style.outlineColor,
          background: getComputedStyle(document.body).backgroundColor,
        };
      });
      const hex = (rgb: string) => toHex(rgb.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number]);
      expect(seen).toMatchObject({ current: true, visible: true });
      expect(contrastRatio(hex(seen.outline), hex(seen.background))).toBeGreaterThanOrEqual(3);
    } finally {
      await page.close();
    }
  });

  it('presents the focused card on Enter', async () => {
    const ids = decks.get('swan')!.cards.map((card) => `card-${card.id}`);
    const { page } = await open(SETS[0]!);
    try {
      await page.focus(`#${ids[4]}`);
      await page.keyboard.press('Enter');
      expect(await state(page)).toMatchObject({ presenting: true, visible: [ids[4]], focused: ids[4] });
      await page.keyboard.press('Escape');
      expect(await state(page)).toMatchObject({ presenting: false, focused: ids[4] });
    } finally {
      await page.close();
    }
  });
});

describe("a field's emphasis from its template", () => {
  it('sets a dilemma larger than the text around it, as the printed pull quote', async () => {
    const { page } = await open(SETS[0]!);
    try {
      const sizes = await page.evaluate(() => {
        const card = document.getElementById('card-r2-dilemma')!;
        const size = (element: Element | null) => (element ? Number.parseFloat(getComputedStyle(element).fontSize) : 0);
        return { lead: size(card.querySelector('.field-lead')), text: size(card) };
      });
      expect(sizes.lead).toBeGreaterThan(sizes.text);
    } finally {
      await page.close();
    }
  });
});
