import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDecks } from '../../../src/check/check-decks.ts';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser } from '../../../src/print/browser.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/**
 * A deck owner's own template that uses the shared front and a class named like a shared one
 * (`question`, set large in Fraunces on the shared round openers), on a numbered card.
 */
const QUIZ = `---
description: "A numbered quiz question"
fields:
  title: { kind: markup, required: true }
  question: { kind: markup, required: true }
---
{{#> front}}
  <p class="question" {{field "question"}}>{{text t.question}}</p>
{{/front}}
`;

/** The deck's own rule sets the size only: the font and weight must stay the body's, not the shared ones. */
const DECK_CSS = '.question { font-size: 11pt; }\n';

let project: TempProject;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject(['mini']);
  await mkdir(project.file('deck/mini/templates/cards'), { recursive: true });
  await writeFile(project.file('deck/mini/templates/cards/quiz.hbs'), QUIZ);
  await writeFile(project.file('deck/mini/deck.css'), DECK_CSS);
  await project.edit(
    'deck/mini/cards.yaml',
    (text) => `${text}  - { id: vraag, number: 1, template: quiz, category: basis, picto: team }\n`,
  );
  for (const [language, question] of [
    ['nl', 'Wat zou jij doen?'],
    ['en', 'What would you do?'],
  ]) {
    await project.edit(`deck/mini/locales/${language}.yaml`, (text) =>
      text.replace(/^pictos:/m, `  vraag:\n    title: Quiz\n    question: ${question}\npictos:`),
    );
  }
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await closeBrowser(browser);
  await project.cleanup();
});

describe("a deck's own template with a class named like a shared one", () => {
  it('checks clean on a numbered card, though the deck has no ui.level label', async () => {
    const report = await checkDecks(project.root);
    expect(report.shared).toEqual([]);
    expect(report.decks.flatMap((deck) => deck.problems).map((problem) => problem.message)).toEqual([]);
  });

  it("sets the class in the deck's own styles, untouched by the shared stylesheet", async () => {
    const paths = projectPaths(project.root);
    const deck = (await loadDeck(project.file('deck/mini'), paths)).deck!;
    const renderer = await FaceRenderer.create(paths, deck);
    const { html } = renderer.render(deck, {
      locale: deck.locales.get('nl')!.locale,
      language: 'nl',
      assetUrl: (file) => pathToFileURL(file).href,
    });
    const file = path.join(project.root, 'faces.html');
    await writeFile(file, html);
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(file).href);
      const style = await page.evaluate(() => {
        const question = getComputedStyle(document.querySelector('[data-face="vraag/front"] .question')!);
        const body = getComputedStyle(document.body);
        return {
          size: question.fontSize,
          family: question.fontFamily,
          weight: question.fontWeight,
          bodyFamily: body.fontFamily,
          kicker: document.querySelector('[data-face="vraag/front"] .kicker')!.textContent,
        };
      });
      expect(Number.parseFloat(style.size)).toBeCloseTo((11 * 96) / 72, 2);
      expect(style.family).toBe(style.bodyFamily);
      expect(style.weight).toBe('400');
      // The number is the card's own business: the kicker names the category, not a "level".
      expect(style.kicker).toBe('Basis');
    } finally {
      await page.close();
    }
  });
});
