import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDecks } from '../../../src/check/check-decks.ts';
import { formatProblemLine } from '../../../src/shared/errors.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;
beforeEach(async () => {
  project = await tempProject(['mini']);
});
afterEach(() => project.cleanup());

const problems = async () => {
  const report = await checkDecks(project.root);
  return [...report.shared, ...report.decks.flatMap((deck) => deck.problems)]
    .filter((problem) => problem.severity === 'error')
    .map((problem) => formatProblemLine(problem, project.root));
};

describe('a card template draws a face, and nothing that acts on the whole page', () => {
  it.each([
    ['<meta http-equiv="refresh" content="0;url=about:blank">', 'meta'],
    ['<base href="https://example.org/">', 'base'],
    ['<SCRIPT>alert(1)</SCRIPT>', 'script'],
    ['<iframe src="about:blank"></iframe>', 'iframe'],
  ])('refuses %s at its line', async (markup, element) => {
    await project.edit('templates/cards/prompt.hbs', (text) => text.replace('  {{> body}}', `  <div>\n    ${markup}</div>{{> body}}`));
    expect(await problems()).toEqual([
      `templates/cards/prompt.hbs:11:5: <${element}> has no place in a card template: a face is drawn with HTML, SVG and CSS inside its <section>, and elements that act on the whole page (meta, base, link, script, frames, forms) are refused`,
    ]);
  });

  it('lets the names of those elements stand in Handlebars comments and ordinary words', async () => {
    await project.edit('templates/cards/prompt.hbs', (text) =>
      text.replace('  {{> body}}', '  {{!-- no <meta> here --}}<p class="metadata">{{> body}}</p>'),
    );
    expect(await problems()).toEqual([]);
  });
});
