import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;

/**
 * Saves (`save`) and waits until the page has applied the update it pushes: its render version,
 * read before the save, since the page may show a save before the test could read it after.
 */
async function shownAfter(save: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => Number(document.body.dataset.version));
  await save();
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
}

const text = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
/** `text` with `from` replaced by `to`; a test whose file no longer holds `from` fails here, not later. */
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the file no longer holds ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The faces' stylesheet rules as a page that loads the dev view now reads them from the files. */
async function freshRules(): Promise<string[]> {
  const fresh = await browser.newPage();
  try {
    await fresh.goto(server.url, { waitUntil: 'load' });
    return await fresh.$eval('#cards-css', (style) => [...(style as HTMLStyleElement).sheet!.cssRules].map((rule) => rule.cssText));
  } finally {
    await fresh.close();
  }
}

const overlayShown = () => page.evaluate(() => document.getElementById('kaartenset-overlay')?.textContent ?? null);

beforeAll(async () => {
  project = await tempProject(['real:swan']);
  server = await startDevServer({ root: project.root, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
});

afterAll(async () => {
  await page?.screenshot({ path: `${project.root}/dev.png` }).catch(() => undefined);
  await closeBrowser(browser);
  await server.close();
  await project.cleanup();
});

describe('kaartenset dev', () => {
  it('shows every face at true size, each front beside its back, with guides on', async () => {
    expect(await page.$$eval('.face', (faces) => faces.length)).toBe(50);
    const width = await page.$eval('[data-face="intro-how/front"]', (el) => el.getBoundingClientRect().width);
    expect(width).toBeCloseTo((80 / 25.4) * 96, 0);
    const order = await page.$$eval('.face', (faces) => faces.slice(0, 2).map((f) => (f as HTMLElement).dataset.face));
    expect(order).toEqual(['intro-how/front', 'intro-how/back']);
    expect(await page.evaluate(() => document.body.classList.contains('guides'))).toBe(true);
  });

  it('fits a page just loaded in the fonts of its faces, however late they arrive', async () => {
    // Whether Chromium has laid the page out (and so asked for its fonts) before the first fit
    // varies from load to load: about one load in two has not. Four loads, each fitted as it must be.
    for (let load = 0; load < 4; load++) {
      const slow = await browser.newPage();
      await slow.setViewport({ width: 1400, height: 900 });
      await slow.setRequestInterception(true);
      slow.on('request', (request) => {
        if (/\.(woff2?|ttf|otf)(\?|$)/.test(request.url())) setTimeout(() => void request.continue(), 400);
        else void request.continue();
      });
      const fits = () =>
        slow.$$eval('.face [data-fit]', (boxes) => boxes.map((box) => (box as HTMLElement).style.getPropertyValue('--fit')));
      try {
        await slow.goto(server.url, { waitUntil: 'load' });
        await slow.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
        const atLoad = await fits();
        // The same faces fitted again once every font is in: the fit the page should have shown.
        await slow.evaluate(async () => {
          const script = [...document.scripts].map((each) => each.textContent).join('\n');
          const fit = JSON.parse(/"fit":(\{[^}]*\})/.exec(script)![1]!);
          await Promise.all([...document.fonts].map((font) => font.load()));
          await (window as unknown as { kaartensetFit: (options: unknown) => Promise<unknown> }).kaartensetFit(fit);
        });
        expect(atLoad, `load ${load + 1}`).toEqual(await fits());
      } finally {
        await slow.close();
      }
    }
  });

  it('shows an edited locale string, re-rendering only that face', async () => {
    const updates: number[] = [];
    server.changes.addEventListener('change', (event) => {
      const { update } = (event as CustomEvent).detail ?? (event as unknown as { detail: { update: { faces?: unknown[] } } }).detail;
      if (update.kind === 'faces') updates.push(update.faces.length);
    });
    await shownAfter(() =>
      project.edit('deck/swan/locales/nl.yaml', (t) => t.replace('title: Zo werkt het', 'title: Zo werkt het gesprek')),
    );
    expect(await text('[data-face="intro-how/front"] .title')).toBe('Zo werkt het gesprek');
    expect(updates.at(-1)).toBe(1);
  });

  it('recolours every face of a category, and nothing else, when its colour changes', async () => {
    const faces: number[] = [];
    server.changes.addEventListener('change', (event) => {
      const detail = (event as Event & { detail: { update: { kind: string; faces: unknown[] } } }).detail;
      if (detail.update.kind === 'faces') faces.push(detail.update.faces.length);
    });
    await shownAfter(() => project.edit('deck/swan/deck.yaml', (t) => t.replace('"#b8572a"', '"#2a7fb8"')));
    const colour = await page.$eval('[data-face="r2-team/back"] .flood', (el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(42, 127, 184)');
    expect(faces.at(-1)).toBe(14);
  });

  it('flags a field whose text overflows, by name', async () => {
    await shownAfter(() =>
      project.edit('deck/swan/locales/nl.yaml', (t) =>
        t.replace(/(r1-cohesion:\n\s+title: .*\n\s+body: )(.*)/, (_, head, body) => `${head}${body} ${body} ${body} ${body}`),
      ),
    );
    expect(
      await page.$eval('[data-face="r1-cohesion/front"] [data-field][data-overflow]', (el) => (el as HTMLElement).dataset.field),
    ).toBeTruthy();
  });

  it('shows a YAML mistake over the page with file:line:col, and clears it once fixed; the server lives on', async () => {
    await project.edit('deck/swan/cards.yaml', (t) =>
      t.replace('  - { id: r1-security, template: condition', '  - { id: r1-security, tempate: condition'),
    );
    await page.waitForFunction(() => document.getElementById('kaartenset-overlay') !== null, { timeout: 15_000 });
    expect(await overlayShown()).toMatch(/deck\/swan\/cards\.yaml:12:\d+: cards\.6: unknown key "tempate"/);
    await project.edit('deck/swan/cards.yaml', (t) => t.replace('tempate: condition', 'template: condition'));
    await page.waitForFunction(() => document.getElementById('kaartenset-overlay') === null, { timeout: 15_000 });
    expect(await overlayShown()).toBeNull();
  });

  it('applies a stylesheet change without re-rendering faces', async () => {
    await shownAfter(() =>
      project.edit('templates/styles/cards.css', (css) =>
        css.replace('font-size: max(var(--min-font), 15.5em);', 'font-size: max(var(--min-font), 17em);'),
      ),
    );
    const size = await page.$eval('[data-face="r2-team/front"] .title', (el) => getComputedStyle(el).fontSize);
    expect(parseFloat(size)).toBeGreaterThan((15.5 * 96) / 72);
  });

  it('applies a saved stylesheet rule by rule, ending with the rules a freshly loaded page reads from it', async () => {
    const cardsCss = project.file('templates/styles/cards.css');
    const original = await readFile(cardsCss, 'utf8');
    // Loaded from the file as it is: the <style>'s own text is then the text saved back below.
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
    // The page's sheet and its shared layer, and a rule of that layer (`noteRule`) a save should keep.
    await page.evaluate(() => {
      const sheet = (document.getElementById('cards-css') as HTMLStyleElement).sheet!;
      Object.assign(window, { kept: { sheet, layer: sheet.cssRules[0] } });
    });
    const noteRule = (start: string) =>
      page.evaluate((start) => {
        const layer = (document.getElementById('cards-css') as HTMLStyleElement).sheet!.cssRules[0] as CSSLayerBlockRule;
        const noted = [...layer.cssRules].find((rule) => rule.cssText.startsWith(start));
        Object.assign((window as unknown as { kept: object }).kept, { noted });
      }, start);
    const patched = () =>
      page.evaluate(() => {
        const { kept } = window as unknown as { kept: { sheet: CSSStyleSheet; layer: CSSLayerBlockRule; noted: CSSRule } };
        const sheet = (document.getElementById('cards-css') as HTMLStyleElement).sheet!;
        const layer = sheet.cssRules[0] as CSSLayerBlockRule;
        return {
          sameSheet: sheet === kept.sheet,
          sameLayer: layer === kept.layer,
          ruleKept: [...layer.cssRules].includes(kept.noted),
          rules: [...sheet.cssRules].map((rule) => rule.cssText),
        };
      });

    // Within the shared layer: a declaration changed, a rule removed, a rule and an @media block added.
    await noteRule('* {');
    await shownAfter(() =>
      project.edit('templates/styles/cards.css', (css) =>
        replaced(
          replaced(css, '  font-kerning: normal;\n', '  font-kerning: none;\n'),
          'html {\n  -webkit-print-color-adjust: exact;\n  print-color-adjust: exact;\n}\n',
          '',
        ).concat('\n.kicker { letter-spacing: 0.02em; }\n@media (min-width: 1px) { .face { outline-offset: 1px; } }\n'),
      ),
    );
    const inLayer = await patched();
    expect(inLayer).toMatchObject({ sameSheet: true, ruleKept: true });
    expect(inLayer.rules.join('\n')).toContain('outline-offset: 1px');
    expect(await freshRules()).toEqual(inLayer.rules);

    // Back to the text the page was loaded with.
    await shownAfter(() => writeFile(cardsCss, original));
    const restored = await patched();
    expect(restored.sameSheet).toBe(true);
    expect(restored.rules.join('\n')).not.toContain('outline-offset: 1px');
    expect(await freshRules()).toEqual(restored.rules);

    // Two edits far apart in one save: the rules between them are kept as they are.
    await noteRule('[dir="rtl"] body');
    await shownAfter(() =>
      project.edit('templates/styles/cards.css', (css) =>
        replaced(css, '  box-sizing: border-box;\n', '  box-sizing: border-box;\n  min-width: 0;\n').concat(
          '\n.kicker { word-spacing: 0.01em; }\n',
        ),
      ),
    );
    const apart = await patched();
    expect(apart).toMatchObject({ sameSheet: true, ruleKept: true });
    expect(await freshRules()).toEqual(apart.rules);

    // The deck's own stylesheet, after the layer: the layer is kept as it is, to its first rule.
    await noteRule('* {');
    await shownAfter(() => writeFile(project.file('deck/swan/deck.css'), '.kicker { letter-spacing: 0.03em; }\n'));
    const after = await patched();
    expect(after).toMatchObject({ sameSheet: true, sameLayer: true, ruleKept: true });
    expect(after.rules.at(-1)).toBe('.kicker { letter-spacing: 0.03em; }');
    expect(await freshRules()).toEqual(after.rules);

    // A large sheet: 1100 rules more, then its first and last rules changed (over a million cells
    // to compare: the run between them is replaced whole), then back. Patched all the same; a
    // shared rule no save changes is kept where the comparison runs.
    const many = (first: string) => [first, ...Array.from({ length: 1100 }, (_, n) => `.generated-${n} { margin: ${n}px; }`)].join('\n');
    const saves = [
      { text: `${many('.generated-first { margin: 0px; }')}\n${original}`, keepsRule: true },
      { text: `${many('.generated-first { margin: 1px; }')}\n${original}\n.kicker { word-spacing: 0.02em; }\n`, keepsRule: false },
      { text: original, keepsRule: true },
    ];
    for (const { text, keepsRule } of saves) {
      await noteRule('[dir="rtl"] body');
      await shownAfter(() => writeFile(cardsCss, text));
      const large = await patched();
      expect(large).toMatchObject({ sameSheet: true, ruleKept: keepsRule });
      expect(await freshRules()).toEqual(large.rules);
    }
  });

  it.each([
    ['refuses a rule', 'throws'],
    ['drops a rule without a word', 'drops'],
  ])('applies a saved stylesheet as a whole new text where the page %s', async (_, how) => {
    const colour = how === 'throws' ? 'rgb(1, 2, 3)' : 'rgb(4, 5, 6)';
    await page.evaluate((how) => {
      const broken =
        how === 'throws'
          ? () => {
              throw new DOMException('refused', 'HierarchyRequestError');
            }
          : () => 0;
      Object.assign(window, { kept: { sheet: (document.getElementById('cards-css') as HTMLStyleElement).sheet } });
      Object.assign(window, { insertRules: [CSSStyleSheet.prototype.insertRule, CSSGroupingRule.prototype.insertRule] });
      CSSStyleSheet.prototype.insertRule = broken;
      CSSGroupingRule.prototype.insertRule = broken;
    }, how);
    try {
      await shownAfter(() =>
        project.edit('templates/styles/cards.css', (css) => replaced(css, '\n.title {\n', `\n.title {\n  color: ${colour};\n`)),
      );
      expect(await page.$eval('[data-face="r2-team/front"] .title', (title) => getComputedStyle(title).color)).toBe(colour);
      const live = await page.$eval('#cards-css', (style) => ({
        replaced: (style as HTMLStyleElement).sheet !== (window as unknown as { kept: { sheet: CSSStyleSheet } }).kept.sheet,
        rules: [...(style as HTMLStyleElement).sheet!.cssRules].map((rule) => rule.cssText),
      }));
      expect(live.replaced).toBe(true);
      expect(await freshRules()).toEqual(live.rules);
    } finally {
      await page.evaluate(() => {
        const [sheet, group] = (window as unknown as { insertRules: [CSSStyleSheet['insertRule'], CSSGroupingRule['insertRule']] })
          .insertRules;
        CSSStyleSheet.prototype.insertRule = sheet;
        CSSGroupingRule.prototype.insertRule = group;
      });
      await shownAfter(() => project.edit('templates/styles/cards.css', (css) => replaced(css, `  color: ${colour};\n`, '')));
    }
  });

  it('shows a misspelt partial, a wrong closing tag, an unknown helper and a broken stylesheet, each with file:line, and lives on', async () => {
    const shows = async (pattern: RegExp) => {
      await page.waitForFunction(
        (source) => new RegExp(source).test(document.getElementById('kaartenset-overlay')?.textContent ?? ''),
        { timeout: 15_000 },
        pattern.source,
      );
    };
    const cleared = () => page.waitForFunction(() => document.getElementById('kaartenset-overlay') === null, { timeout: 15_000 });
    const breakAndFix = async (file: string, from: string, to: string, pattern: RegExp) => {
      await project.edit(file, (t) => t.replace(from, to));
      await shows(pattern);
      await project.edit(file, (t) => t.replace(to, from));
      await cleared();
    };
    await breakAndFix(
      'templates/partials/body.hbs',
      '{{/if}}',
      '{{/if}}\n{{> bodyy}}',
      /templates\/partials\/body\.hbs:2:1: partial "bodyy" not found/,
    );
    await breakAndFix(
      'templates/partials/body.hbs',
      '{{/if}}',
      '{{/iff}}',
      /templates\/partials\/body\.hbs:1:\d+: template syntax: \{\{\/iff\}\} closes \{\{#if\}\}/,
    );
    await breakAndFix(
      'templates/cards/round.hbs',
      '{{text t.question}}',
      '{{texxt t.question}}',
      /templates\/cards\/round\.hbs:\d+:\d+: helper "texxt" does not exist/,
    );
    await breakAndFix(
      'templates/styles/cards.css',
      '.body {\n  font-size: max(var(--min-font), 9.2em);\n}',
      '.body {\n  font-size: max(var(--min-font), 9.2em);\n',
      /templates\/styles\/cards\.css:\d+:7: \{ is never closed/,
    );
    await breakAndFix('pictos/target.svg', '<svg', '<svg <svg', /pictos\/target\.svg:\d+:\d+/);
    // A save after all those errors is still picked up.
    await project.edit('deck/swan/locales/nl.yaml', (t) => t.replace('title: Zo werkt het gesprek', 'title: Zo werkt het weer'));
    await page.waitForFunction(() => document.querySelector('[data-face="intro-how/front"] .title')?.textContent === 'Zo werkt het weer', {
      timeout: 15_000,
    });
  });

  it("links the deck's worksheet from the view menu", async () => {
    expect(await page.$$eval('#kv option', (options) => options.map((option) => (option as HTMLOptionElement).value))).toContain(
      '/worksheet',
    );
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.select('#kv', '/worksheet')]);
    expect(new URL(page.url()).pathname).toBe('/worksheet');
    expect(await page.$$eval('.page [data-field]', (fields) => fields.length)).toBeGreaterThan(10);
    await page.goBack({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.version !== undefined, { timeout: 15_000 });
  });

  it('says on the page when the server is gone, and leaves no Chromium or server behind when stopped', async () => {
    const child = browser.process()!.pid!;
    await server.close();
    await page.waitForFunction(() => /dev server is not running/.test(document.getElementById('kaartenset-overlay')?.textContent ?? ''), {
      timeout: 15_000,
    });
    await closeBrowser(browser);
    expect(() => process.kill(child, 0)).toThrow();
    await expect(fetch(server.url)).rejects.toThrow();
    expect(execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' })).not.toMatch(
      new RegExp(`\\b${child}\\b`),
    );
  });
});
