import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faceGeometry } from '../../../src/deck/face-geometry.ts';
import { loadDeck, projectPaths } from '../../../src/deck/load-deck.ts';
import { resolveLocale } from '../../../src/deck/resolve-locale.ts';
import { PRINT_PAGE_FILE, writePrintKit, type PrintPageSet } from '../../../src/print-page/print-kit.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

/** A kind of card with no title: a large numeral, a question and a small hint, as a deck owner made one. */
const QUIZ_KIND = `---
fields:
  figure: { kind: text, emphasis: numeral }
  question: { kind: markup, required: true }
  hint: { kind: markup, emphasis: hint }
---
<div class="safe"><p>{{text t.figure}}</p><p>{{text t.question}}</p><p>{{text t.hint}}</p></div>
`;

describe("the print page's card picker", () => {
  it('names each card as the web edition heads it: by its title, else its first text without markup, never its id', async () => {
    project = await tempProject(['mini']);
    await mkdir(project.file('deck/mini/templates/cards'), { recursive: true });
    await writeFile(project.file('deck/mini/templates/cards/quiz.hbs'), QUIZ_KIND);
    await project.edit(
      'deck/mini/cards.yaml',
      (text) => `${text}  - id: q01\n    template: quiz\n    category: basis\n    picto: target\n`,
    );
    await project.edit('deck/mini/locales/nl.yaml', (text) =>
      text.replace(
        /^cards:\n/m,
        'cards:\n  q01:\n    figure: "1 op 4"\n    question: "Wie **betaalt** de\\nrekening?"\n    hint: Denk na.\n',
      ),
    );
    await project.edit('deck/mini/locales/en.yaml', (text) =>
      text.replace(/^cards:\n/m, 'cards:\n  q01:\n    figure: "1 in 4"\n    question: Who pays?\n    hint: Think.\n'),
    );
    const loaded = await loadDeck(project.file('deck/mini'), projectPaths(project.root));
    expect(loaded.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const deck = loaded.deck!;
    const out = project.file('kit');
    await mkdir(out);
    await writePrintKit(out, {
      deck,
      language: 'nl',
      locale: resolveLocale(deck, 'nl'),
      geometry: faceGeometry(deck.meta),
      order: deck.cards.map((card, index) => ({ card, front: 2 * index, back: 2 * index + 1 })),
      faces: new Map([['standard', new Uint8Array([37, 80, 68, 70])]]),
      slug: { deck: 'Mini', language: 'nl', sheet: 'Vel', front: 'voorkanten', back: 'achterkanten' },
    });
    const page = JSON.parse(await readFile(path.join(out, PRINT_PAGE_FILE), 'utf8')) as PrintPageSet;
    expect(page.cards.map(({ id, title }) => [id, title])).toEqual([
      ['eerste', 'Eerste kaart'],
      ['tweede', 'Tweede kaart'],
      ['q01', 'Wie betaalt de rekening?'],
    ]);
  });
});
