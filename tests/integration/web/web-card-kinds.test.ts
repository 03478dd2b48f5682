import { createRequire } from 'node:module';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser, type Page } from '../../../src/print/browser.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { renderWebEdition } from '../../../src/web/web-edition.ts';
import { runCli } from '../../support/cli.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * A deck owner's own card kind in the web edition: a deck made by `kaartenset new`, plus a kind
 * without a title (a large numeral, a question and a small hint). Every field it declares shows,
 * with the emphasis it declares; the question heads the card, not the card's id; a long Dutch
 * compound breaks at a syllable, so a phone never scrolls sideways.
 */

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const FIGURE_KIND = `---
description: "A large figure, a question about it and a small hint"
fields:
  figure: { kind: text, required: true, emphasis: numeral }
  question: { kind: markup, required: true }
  hint: { kind: markup, emphasis: hint }
  source: { kind: markup, hyphenate: false }
---
<div class="band" aria-hidden="true"></div>
<div class="safe">
  <p class="figure" {{field "figure"}}>{{t.figure}}</p>
  <div class="content" data-fit>
    <p class="figure-question" {{field "question"}}>{{text t.question}}</p>
    {{#if t.hint}}<p class="figure-hint" {{field "hint"}}>{{text t.hint}}</p>{{/if}}
    {{#if t.source}}<p class="figure-source" {{field "source"}}>{{text t.source}}</p>{{/if}}
  </div>
</div>
`;
const COMPOUND = 'arbeidsongeschiktheidsverzekeringsmaatschappij';

let project: TempProject;
let deck: LoadedDeck;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject([]);
  const created = await runCli(['--root', project.root, 'new', 'quiz', '--size', 'poker', '--lang', 'nl,en']);
  if (created.code !== 0) throw new Error(created.stderr);
  const file = (...parts: string[]) => project.file('deck', 'quiz', ...parts);
  await writeFile(file('templates', 'cards', 'figure.hbs'), FIGURE_KIND);
  await appendFile(file('cards.yaml'), '  - { id: q01, template: figure, category: basics, picto: sample }\n');
  await appendFile(
    file('locales', 'nl.yaml'),
    `  q01:\n    figure: "1 op 4"\n    question: Wie betaalt als de ${COMPOUND} weigert?\n    hint: Denk aan de ${COMPOUND}.\n    source: Bron ${COMPOUND}\n`,
  );
  await appendFile(
    file('locales', 'en.yaml'),
    '  q01:\n    figure: "1 in 4"\n    question: Who pays when the insurer refuses?\n    hint: Think of the insurer.\n    source: Insurance law\n',
  );
  const loaded = await loadDeck(file(), projectPaths(project.root));
  if (!loaded.deck) throw new Error(loaded.problems.map((problem) => problem.message).join('\n'));
  deck = loaded.deck;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await closeBrowser(browser);
  await project.cleanup();
});

async function open(language: string, width: number): Promise<Page> {
  const file = project.file(`web-${language}.html`);
  await writeFile(file, await renderWebEdition(deck, language, deck.locales.get(language)!.locale));
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return page;
}

describe('the web edition of a card kind without a title', () => {
  it('heads the card by its question, never its id, and heads a titled card by its title', async () => {
    const page = await open('nl', 1280);
    try {
      const headings = await page.evaluate(() =>
        Object.fromEntries(
          Array.from(document.querySelectorAll('article.card')).map((card) => [
            card.id,
            (card.querySelector('h3')?.textContent ?? '').replace(/\u00ad/g, ''),
          ]),
        ),
      );
      expect(headings['card-q01']).toBe(`Wie betaalt als de ${COMPOUND} weigert?`);
      expect(headings['card-welcome']).toBe('Welkom');
      expect(Object.values(headings).some((heading) => /\bq01\b/.test(heading))).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('shows every field it declares, the figure large and the hint small, as the kind declares them', async () => {
    const page = await open('en', 1280);
    try {
      const seen = await page.evaluate(() => {
        const card = document.getElementById('card-q01')!;
        const size = (selector: string) => {
          const element = card.querySelector(selector);
          return element ? { text: element.textContent, size: Number.parseFloat(getComputedStyle(element).fontSize) } : undefined;
        };
        const body = Number.parseFloat(getComputedStyle(card).fontSize);
        return { figure: size('.field-numeral'), hint: size('.field-hint'), body };
      });
      expect(seen.figure?.text).toBe('1 in 4');
      expect(seen.hint?.text).toBe('Think of the insurer.');
      expect(seen.figure!.size).toBeGreaterThan(2 * seen.body);
      expect(seen.hint!.size).toBeLessThan(seen.body);
    } finally {
      await page.close();
    }
  });

  it('breaks a long Dutch compound at its syllables, as print does', async () => {
    const page = await open('nl', 1280);
    try {
      const hint = await page.evaluate(() => document.querySelector('#card-q01 .field-hint')!.textContent!);
      const compound = hint.split(' ').find((word) => word.replace(/\u00ad/g, '').startsWith('arbeids'))!;
      expect(compound).toContain('\u00ad');
      expect(compound.replace(/\u00ad/g, '')).toBe(`${COMPOUND}.`);
      // A field whose template turns hyphenation off keeps its words whole, as on the printed card.
      expect(await page.evaluate(() => document.querySelector('#card-q01')!.textContent)).toContain(`Bron ${COMPOUND}`);
    } finally {
      await page.close();
    }
  });

  it('breaks the printed card where the web edition breaks it, and not at all in a field that turns it off', async () => {
    const rendered = (await FaceRenderer.create(projectPaths(project.root), deck)).render(deck, {
      locale: deck.locales.get('nl')!.locale,
      language: 'nl',
      assetUrl: (file) => file,
    });
    const field = (name: string) => new RegExp(`data-field="${name}"[^>]*>([^<]*)<`).exec(rendered.html)?.[1] ?? '';
    expect(field('hint')).toContain('\u00ad');
    expect(field('source')).toBe(`Bron ${COMPOUND}`);
  });

  it.each(['nl', 'en'])('has no sideways scroll at 320 px and no axe-core violation [%s]', async (language) => {
    const page = await open(language, 320);
    try {
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(320);
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async (tags) => {
        const axe = (
          window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string }> }> } }
        ).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return result.violations.map((violation) => violation.id);
      }, WCAG_22_AA);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
