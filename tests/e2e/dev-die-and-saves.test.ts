import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevChange, type DevServer } from '../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

const MM = 96 / 25.4;

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;
const changes: DevChange[] = [];

async function open(target: string): Promise<void> {
  await page.goto(new URL(target, server.url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
}

/** The languages the server re-rendered for one save, once the page has shown it. */
async function languagesRenderedFor(save: () => Promise<void>, key: 'version' | 'compareVersion'): Promise<string[]> {
  const before = await page.evaluate((k) => Number(document.body.dataset[k]), key);
  changes.length = 0;
  await save();
  await page.waitForFunction((k, v) => Number(document.body.dataset[k]) > v, { timeout: 15_000 }, key, before);
  // Anything the server would still render for this save comes within the time it took to show it.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return changes.map((change) => change.language);
}

beforeAll(async () => {
  project = await tempProject(['mini']);
  await project.edit('deck/mini/deck.yaml', (text) => text.replace('safeZone: 4mm\n', 'safeZone: 4mm\ncornerRadius: 3mm\n'));
  // The words of the die and print-and-cut files, which a deck with cornerRadius prints on its download page.
  for (const [language, die, cut] of [
    ['nl', 'stanslijn (CutContour)', 'print-and-cut'],
    ['en', 'die line (CutContour)', 'print-and-cut'],
  ])
    await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
      text.replace('  file-cmyk:', `  file-die: ${die}\n  file-print-and-cut: ${cut}\n  file-cmyk:`),
    );
  server = await startDevServer({ root: project.root, port: 0 });
  server.changes.addEventListener('change', (event) => changes.push((event as CustomEvent<DevChange>).detail));
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
});

afterAll(async () => {
  await closeBrowser(browser);
  await server?.close();
  await project?.cleanup();
});

describe('kaartenset dev: the die line', () => {
  it('draws the die line over every face in the cards view, rounded by the deck, on the trim; it toggles with the guides', async () => {
    await open('/');
    expect(await page.$eval('#kgl', (label) => label.textContent)).toContain('die line');
    const guides = await page.$$eval('.slot', (slots) =>
      slots.map((slot) => {
        const face = slot.querySelector('.face')!.getBoundingClientRect();
        const die = slot.querySelector('.die-guide')!;
        const box = die.getBoundingClientRect();
        const style = getComputedStyle(die);
        return {
          shown: style.display !== 'none',
          radius: Number.parseFloat(style.borderTopLeftRadius),
          inset: [box.left - face.left, box.top - face.top, face.right - box.right, face.bottom - box.bottom],
        };
      }),
    );
    expect(guides).toHaveLength(4);
    for (const guide of guides) {
      expect(guide.shown).toBe(true);
      expect(guide.radius).toBeCloseTo(3 * MM, 0);
      // The line (0.25 mm) is centred on the trim, 3 mm inside the bleed edge.
      for (const inset of guide.inset) expect(inset).toBeCloseTo((3 - 0.125) * MM, 0);
    }
    await page.click('#kg');
    expect(await page.$$eval('.die-guide', (dies) => dies.map((die) => getComputedStyle(die).display))).toEqual([
      'none',
      'none',
      'none',
      'none',
    ]);
    await page.click('#kg');
  });

  it('draws each card’s die line on the press sheets where the cutter goes, and hides it with the guides', async () => {
    await open('/sheets/press-sra3');
    const placed = await page.$$eval('.sheet-page[data-side="front"] .placed', (faces) =>
      faces.map((face) => {
        const box = face.getBoundingClientRect();
        return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
      }),
    );
    const dies = await page.$$eval('.sheet-page[data-side="front"] .die-line', (rects) =>
      rects.map((rect) => {
        const box = rect.getBoundingClientRect();
        return { left: box.left, top: box.top, right: box.right, bottom: box.bottom, rx: Number(rect.getAttribute('rx')) };
      }),
    );
    expect(dies).toHaveLength(placed.length);
    expect(placed.length).toBeGreaterThan(0);
    for (const [index, die] of dies.entries()) {
      const face = placed[index]!;
      expect(die.rx).toBeCloseTo((3 * 72) / 25.4, 1);
      expect(die.left - face.left).toBeCloseTo(3 * MM, 0);
      expect(die.top - face.top).toBeCloseTo(3 * MM, 0);
      expect(face.right - die.right).toBeCloseTo(3 * MM, 0);
      expect(face.bottom - die.bottom).toBeCloseTo(3 * MM, 0);
    }
    const shown = () => page.$$eval('.die-line', (rects) => rects.map((rect) => getComputedStyle(rect).display !== 'none'));
    expect(new Set(await shown())).toEqual(new Set([true]));
    await page.click('#kg');
    expect(new Set(await shown())).toEqual(new Set([false]));
    await page.click('#kg');
  });

  it('draws no die line on school sheets, which are cut straight along their lines', async () => {
    await open('/sheets/school-a4');
    expect(await page.$$('.placed')).not.toHaveLength(0);
    expect(await page.$$('.die-line')).toHaveLength(0);
    expect(await page.$eval('#kgl', (label) => label.textContent)).not.toContain('die line');
  });

  it('drops the die line when the deck no longer rounds its corners', async () => {
    await open('/');
    const reloaded = page.waitForNavigation({ waitUntil: 'load' });
    await project.edit('deck/mini/deck.yaml', (text) => text.replace('cornerRadius: 3mm\n', ''));
    await reloaded;
    await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
    expect(await page.$$('.die-guide')).toHaveLength(0);
    expect(await page.$eval('#kgl', (label) => label.textContent)).not.toContain('die line');
  });
});

describe('kaartenset dev: which languages a save renders', () => {
  it('renders only the edited language, first, when two are shown side by side', async () => {
    await open('/?lang=nl&compare=en');
    const dutch = await languagesRenderedFor(
      () => project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('title: Eerste kaart', 'title: Eerste kaartje')),
      'version',
    );
    expect(dutch).toEqual(['nl']);
    const english = await languagesRenderedFor(
      () => project.edit('deck/mini/locales/en.yaml', (text) => text.replace('title: First card', 'title: The first card')),
      'compareVersion',
    );
    expect(english).toEqual(['en']);
    expect(await page.$eval('[data-lang="en"] [data-face="eerste/front"]', (face) => face.textContent)).toContain('The first card');
  });

  it('renders a language that shows the source text where its translation is missing after the source, and shows the new text', async () => {
    await open('/?lang=nl&compare=en');
    const reloaded = languagesRenderedFor(
      () => project.edit('deck/mini/locales/en.yaml', (text) => text.replace('    title: The first card\n', '')),
      'compareVersion',
    );
    expect(await reloaded).toEqual(['en']);
    const both = await languagesRenderedFor(
      () => project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('title: Eerste kaartje', 'title: De eerste kaart')),
      'compareVersion',
    );
    expect(both).toEqual(['nl', 'en']);
    expect(await page.$eval('[data-lang="en"] [data-face="eerste/front"]', (face) => face.textContent)).toContain('De eerste kaart');
  });
});

describe('kaartenset dev: saves in quick succession', () => {
  it('shows a save that follows the one before within milliseconds, whose file events the watcher drops', async () => {
    await open('/?lang=nl');
    const file = project.file('deck', 'mini', 'locales', 'nl.yaml');
    const rendered = () => new Promise<void>((resolve) => server.changes.addEventListener('change', () => resolve(), { once: true }));
    for (let round = 1; round <= 10; round++) {
      const text = await readFile(file, 'utf8');
      const done = rendered();
      await writeFile(file, text.replace(/title: De eerste kaart.*/, `title: De eerste kaart ${round}a`));
      await done;
      // The second save lands as the first has been rendered: an editor's formatter, a quick fix.
      await writeFile(file, text.replace(/title: De eerste kaart.*/, `title: De eerste kaart ${round}b`));
      await page.waitForFunction(
        (wanted) => document.querySelector('[data-face="eerste/front"]')?.textContent?.includes(wanted),
        { timeout: 5000 },
        `De eerste kaart ${round}b`,
      );
    }
  });
});
