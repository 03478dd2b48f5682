import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/dev-server.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../src/print/browser.ts';
import { tempProject, type TempProject } from '../support/project.ts';

let project: TempProject;
let server: DevServer;
let browser: Browser;
let page: Page;

/** The page's render version after the next pushed update (or problem) has been applied. */
async function nextVersion(): Promise<number> {
  const before = await page.evaluate(() => Number(document.body.dataset.version));
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
  return page.evaluate(() => Number(document.body.dataset.version));
}

const text = (selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
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

  it('shows an edited locale string, re-rendering only that face', async () => {
    const updates: number[] = [];
    server.changes.addEventListener('change', (event) => {
      const { update } = (event as CustomEvent).detail ?? (event as unknown as { detail: { update: { faces?: unknown[] } } }).detail;
      if (update.kind === 'faces') updates.push(update.faces.length);
    });
    await project.edit('deck/swan/locales/nl.yaml', (t) => t.replace('title: Zo werkt het', 'title: Zo werkt het gesprek'));
    await nextVersion();
    expect(await text('[data-face="intro-how/front"] .title')).toBe('Zo werkt het gesprek');
    expect(updates.at(-1)).toBe(1);
  });

  it('recolours every face of a category, and nothing else, when its colour changes', async () => {
    const faces: number[] = [];
    server.changes.addEventListener('change', (event) => {
      const detail = (event as Event & { detail: { update: { kind: string; faces: unknown[] } } }).detail;
      if (detail.update.kind === 'faces') faces.push(detail.update.faces.length);
    });
    await project.edit('deck/swan/deck.yaml', (t) => t.replace('"#b8572a"', '"#2a7fb8"'));
    await nextVersion();
    const colour = await page.$eval('[data-face="r2-team/back"] .flood', (el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(42, 127, 184)');
    expect(faces.at(-1)).toBe(14);
  });

  it('flags a field whose text overflows, by name', async () => {
    await project.edit('deck/swan/locales/nl.yaml', (t) =>
      t.replace(/(r1-cohesion:\n\s+title: .*\n\s+body: )(.*)/, (_, head, body) => `${head}${body} ${body} ${body} ${body}`),
    );
    await nextVersion();
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
    await project.edit('templates/styles/cards.css', (css) =>
      css.replace('font-size: max(var(--min-font), 15.5em);', 'font-size: max(var(--min-font), 17em);'),
    );
    await nextVersion();
    const size = await page.$eval('[data-face="r2-team/front"] .title', (el) => getComputedStyle(el).fontSize);
    expect(parseFloat(size)).toBeGreaterThan((15.5 * 96) / 72);
  });

  it('applies a saved stylesheet rule by rule, ending with the rules a freshly loaded page reads from it', async () => {
    await page.evaluate(() => {
      (window as unknown as { keptSheet: CSSStyleSheet | null }).keptSheet = (
        document.getElementById('cards-css') as HTMLStyleElement
      ).sheet;
    });
    // A declaration changed, a rule removed, a rule and an @media block added: inside the shared layer and after it.
    await project.edit('templates/styles/cards.css', (css) =>
      css
        .replace('  font-kerning: normal;\n', '  font-kerning: none;\n')
        .replace('html {\n  -webkit-print-color-adjust: exact;\n  print-color-adjust: exact;\n}\n', '')
        .concat('\n.kicker { letter-spacing: 0.02em; }\n@media (min-width: 1px) { .face { outline-offset: 1px; } }\n'),
    );
    await nextVersion();
    const patched = await page.evaluate(() => {
      const sheet = (document.getElementById('cards-css') as HTMLStyleElement).sheet!;
      return {
        same: sheet === (window as unknown as { keptSheet: CSSStyleSheet }).keptSheet,
        rules: [...sheet.cssRules].map((rule) => rule.cssText),
      };
    });
    expect(patched.same).toBe(true);
    expect(patched.rules.join('\n')).toContain('outline-offset: 1px');
    expect(await freshRules()).toEqual(patched.rules);
  });

  it('applies a saved stylesheet whose rules the page will not take one by one as a whole new text', async () => {
    await page.evaluate(() => {
      const refuse = () => {
        throw new DOMException('refused', 'HierarchyRequestError');
      };
      const saved = window as unknown as { insertRules: unknown[] };
      saved.insertRules = [CSSStyleSheet.prototype.insertRule, CSSGroupingRule.prototype.insertRule];
      CSSStyleSheet.prototype.insertRule = refuse;
      CSSGroupingRule.prototype.insertRule = refuse;
    });
    try {
      await project.edit('templates/styles/cards.css', (css) => css.replace('  font-kerning: none;\n', '  font-kerning: auto;\n'));
      await nextVersion();
      expect(await page.$eval('body', (body) => getComputedStyle(body).fontKerning)).toBe('auto');
      expect(await freshRules()).toEqual(
        await page.$eval('#cards-css', (style) => [...(style as HTMLStyleElement).sheet!.cssRules].map((rule) => rule.cssText)),
      );
    } finally {
      await page.evaluate(() => {
        const [sheet, group] = (window as unknown as { insertRules: [CSSStyleSheet['insertRule'], CSSGroupingRule['insertRule']] })
          .insertRules;
        CSSStyleSheet.prototype.insertRule = sheet;
        CSSGroupingRule.prototype.insertRule = group;
      });
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
