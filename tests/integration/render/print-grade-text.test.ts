import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser } from '../../../src/print/browser.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { contrastRatio } from '../../../src/shared/colours.ts';
import { sharedBuild } from '../../support/built.ts';
import { REPO } from '../../support/fixtures.ts';
import { tool } from '../../support/pdf-tools.ts';
import { openWithPdfJs } from '../../support/pdfjs.ts';

const SETS = ['swan/nl', 'swan/en', 'besluitmodellen/nl', 'besluitmodellen/en'];

/** Text set at 12 pt or more: titles, main questions, the names on the backs. */
const LARGE_PT = 12;

interface Line {
  page: number;
  text: string;
  large: boolean;
}

/** Every printed line of a PDF as pdf.js reads it: runs on one baseline joined, with their size. */
async function linesOf(file: string): Promise<Line[]> {
  const doc = await openWithPdfJs(await readFile(file));
  const lines: Line[] = [];
  try {
    for (let page = 1; page <= doc.numPages; page++) {
      const content = await (await doc.getPage(page)).getTextContent();
      const byBaseline = new Map<string, { text: string; size: number }>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, , , , y] = item.transform as number[];
        const key = y!.toFixed(1);
        const line = byBaseline.get(key) ?? { text: '', size: 0 };
        line.text += item.str;
        line.size = Math.max(line.size, Math.hypot(a!, b!));
        byBaseline.set(key, line);
      }
      for (const { text, size } of byBaseline.values()) lines.push({ page, text, large: size >= LARGE_PT });
    }
  } finally {
    await doc.destroy();
  }
  return lines;
}

describe.each(SETS)('the printed text of %s/cards.pdf', (set) => {
  let out: string;
  beforeAll(async () => {
    out = await sharedBuild();
  });

  it('has typographic apostrophes and quotes only', async () => {
    const text = await tool('pdftotext', [path.join(out, set, `${set.replace('/', '-')}-cards.pdf`), '-']);
    expect(text).toMatch(/[\u2019\u201C\u2018]/);
    expect(text.match(/.*['"].*/g) ?? []).toEqual([]);
  });

  it('breaks no title, main question or back name with a hyphen', async () => {
    // pdf.js leaves out the hyphen Chromium draws at a break; poppler keeps it (U+2010).
    const file = path.join(out, set, `${set.replace('/', '-')}-cards.pdf`);
    const large = new Set((await linesOf(file)).filter((line) => line.large).map((line) => line.text.trim()));
    const hyphenEnded = (await tool('pdftotext', [file, '-'])).split('\n').filter((line) => /[-\u2010\u00AD]\s*$/.test(line));
    expect(large.size).toBeGreaterThan(5);
    expect(hyphenEnded.filter((line) => large.has(line.replace(/[-\u2010\u00AD]\s*$/, '').trim()))).toEqual([]);
  });

  it('keeps the model name "De beslissende professional" (and its English name) on one line', async () => {
    const lines = await linesOf(path.join(out, set, `${set.replace('/', '-')}-cards.pdf`));
    const naming = (pattern: RegExp, whole: RegExp) => lines.filter((line) => pattern.test(line.text) && !whole.test(line.text));
    expect(lines.some((line) => /beslissende|decisive/i.test(line.text))).toBe(true);
    expect(naming(/beslissende/i, /de[\s\u00A0]+beslissende[\s\u00A0]+professional/i)).toEqual([]);
    expect(naming(/decisive/i, /the[\s\u00A0]+decisive[\s\u00A0]+professional/i)).toEqual([]);
  });

  it('prints every face at its design size: none shrunk to fit', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, set, 'manifest.json'), 'utf8')) as { shrunkToFit: unknown[] };
    expect(manifest.shrunkToFit).toEqual([]);
  });
});

describe.each(SETS)('the web edition and worksheet of %s', (set) => {
  let out: string;
  beforeAll(async () => {
    out = await sharedBuild();
  });

  it('have typographic apostrophes and quotes in every text a reader sees, as the cards do', async () => {
    const html = await readFile(path.join(out, set, 'web', 'index.html'), 'utf8');
    const body = html.slice(html.indexOf('<body'), html.indexOf('<script', html.indexOf('<body')));
    const seen = body
      .replace(/<[^>]*>/g, ' ')
      .replace(/&#x27;|&#39;|&apos;/g, "'")
      .replace(/&quot;/g, '"');
    expect(seen).toMatch(/[\u2019\u201C\u2018]/);
    expect(seen.match(/.*['"].*/g) ?? []).toEqual([]);
    const worksheet = (await readdir(path.join(out, set))).find((name) => name.startsWith(`${set.replace('/', '-')}-invulblad`));
    if (!worksheet) return;
    const printed = await tool('pdftotext', [path.join(out, set, worksheet), '-']);
    expect(printed.match(/.*['"].*/g) ?? []).toEqual([]);
  });
});

describe('small text on the faces of both decks', () => {
  let browser: Browser;
  let work: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-contrast-'));
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await rm(work, { recursive: true, force: true });
  });

  it.each(['swan', 'besluitmodellen'])('%s: every text under 14 pt stands at least 4.5:1 against what is painted under it', async (id) => {
    const paths = projectPaths(REPO);
    const deck = (await loadDeck(path.join(REPO, 'deck', id), paths)).deck!;
    const renderer = await FaceRenderer.create(paths, deck);
    const failures: string[] = [];
    for (const variant of [{}, { grayscale: true }, { lowInk: true }]) {
      const { html } = renderer.render(deck, {
        locale: deck.locales.get('nl')!.locale,
        language: 'nl',
        variant,
        assetUrl: (file) => pathToFileURL(file).href,
      });
      const file = path.join(work, `${id}.html`);
      await writeFile(file, html);
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(file).href);
        await page.evaluate(() => document.fonts.ready);
        // Each element with text of its own: its colour, and the first opaque background at its centre.
        const samples = await page.evaluate(() => {
          const rgb = (value: string) => {
            const [r, g, b, a] = (value.match(/[\d.]+/g) ?? []).map(Number);
            return a === 0 ? undefined : `#${[r, g, b].map((v) => Math.round(v!).toString(16).padStart(2, '0')).join('')}`;
          };
          return [...document.querySelectorAll('.face *')].flatMap((element) => {
            const own = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
            const style = getComputedStyle(element);
            if (!own || parseFloat(style.fontSize) >= (14 * 96) / 72) return [];
            element.scrollIntoView();
            const box = element.getBoundingClientRect();
            const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            const ground = under.map((layer) => rgb(getComputedStyle(layer).backgroundColor)).find(Boolean) ?? '#ffffff';
            const face = element.closest('.face')!.getAttribute('data-face');
            return [{ where: `${face} .${element.className || element.tagName}`, text: rgb(style.color)!, ground }];
          });
        });
        expect(samples.length).toBeGreaterThan(100);
        for (const sample of samples) {
          const ratio = contrastRatio(sample.text, sample.ground);
          if (ratio < 4.5)
            failures.push(`${JSON.stringify(variant)} ${sample.where}: ${sample.text} on ${sample.ground} is ${ratio.toFixed(2)}:1`);
        }
      } finally {
        await page.close();
      }
    }
    expect(failures).toEqual([]);
  });
});
