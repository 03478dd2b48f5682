import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { openPdf, tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

describe('large decks print in chunks', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject(['mini']);
    await project.edit('deck/mini/deck.yaml', (t) => t.replace(/^profiles: .*$/m, 'profiles: [press-sra3]'));
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('gives the same cards whether printed whole or two faces at a time', async () => {
    const whole = await buildDecks({ root: project.root, out: project.file('whole'), languages: ['nl'], previews: false });
    const chunked = await buildDecks({
      root: project.root,
      out: project.file('chunked'),
      languages: ['nl'],
      previews: false,
      chunkSize: 2,
      force: true,
    });
    expect(whole.prints.printed).toBe(1);
    expect(chunked.prints.printed).toBe(2);
    const text = async (out: string) =>
      (await tool('pdftotext', [path.join(out, 'mini', 'nl', 'mini-nl-cards.pdf'), '-'])).replace(/\s+/g, ' ');
    expect(await text(project.file('chunked'))).toBe(await text(project.file('whole')));
    expect((await openPdf(path.join(project.file('chunked'), 'mini', 'nl', 'mini-nl-cards.pdf'))).getPageCount()).toBe(4);
  });
});
