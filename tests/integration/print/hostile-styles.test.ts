import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { startDevServer } from '../../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Browser } from '../../../src/print/browser.ts';
import { Printer } from '../../../src/print/printer.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** What a hostile deck file would run: it marks the page and writes a word on every face. */
const SCRIPT = `<script>document.documentElement.dataset.ran = 'yes'; document.querySelectorAll('.face').forEach((face) => face.prepend('PW' + 'NED'));</script>`;
const BREAK_OUT = `</style>${SCRIPT}<style>`;

/** The payload in each place a deck's styles reach the page. */
const PLACES = {
  'a comment of deck.css': { css: `/* ${BREAK_OUT} */\n.face { outline: 0 }\n` },
  'a string of deck.css': { css: `.face::after { content: "${BREAK_OUT}"; }\n` },
  'a font family of deck.yaml': { css: '', family: `Evil ${BREAK_OUT}` },
  'a font family that closes its string first': { css: '', family: `Evil"; } ${BREAK_OUT}` },
} as const;

let project: TempProject;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject(['long-text']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeBrowser(browser);
  await project.cleanup();
});

const settings = { minFontPt: 7, bleedPt: 8.5, safePt: 14 };

describe('a deck stylesheet or font name is data: it runs no script in print', () => {
  for (const [place, payload] of Object.entries(PLACES)) {
    it(`prints the cards untouched with the payload in ${place}`, async () => {
      const paths = projectPaths(project.root);
      await writeFile(project.file('deck', 'long-text', 'deck.css'), payload.css);
      // Past check, which refuses all of these: the renderer alone must keep them inert.
      const deck = (await loadDeck(project.file('deck', 'long-text'), paths)).deck!;
      if ('family' in payload) deck.fonts.push({ family: payload.family, weight: 400, style: 'normal', file: BUNDLED_FONTS[0]!.file });
      const html = (await FaceRenderer.create(paths, deck)).render(deck, {
        locale: deck.locales.get('nl')!.locale,
        language: 'nl',
        assetUrl: (file) => pathToFileURL(file).href,
      }).html;
      expect(html).not.toContain(SCRIPT);
      const printer = new Printer();
      try {
        const printed = await printer.print(html, project.file('hostile.html'), settings);
        const pdf = project.file('hostile.pdf');
        await writeFile(pdf, printed.pdf);
        const text = await tool('pdftotext', [pdf, '-']);
        expect(text).not.toContain('PWNED');
        expect(text.length).toBeGreaterThan(100);
      } finally {
        await printer.close();
      }
    });
  }
});

describe('a deck stylesheet with markup runs no script in dev', () => {
  it('shows the refusal at deck.css:line over the page, and nothing of the payload runs', async () => {
    await writeFile(project.file('deck', 'long-text', 'deck.css'), PLACES['a comment of deck.css'].css);
    const server = await startDevServer({ root: project.root, port: 0 });
    const page = await browser.newPage();
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.getElementById('kaartenset-overlay') !== null, { timeout: 15_000 });
      const overlay = await page.$eval('#kaartenset-overlay', (element) => element.textContent ?? '');
      expect(overlay).toMatch(/deck\/long-text\/deck\.css:1:4: "<\/style" is markup, not CSS/);
      expect(await page.evaluate(() => document.documentElement.dataset.ran)).toBeUndefined();
      expect(await page.evaluate(() => document.body.textContent)).not.toContain('PWNED');
    } finally {
      await page.close();
      await server.close();
    }
  });
});
