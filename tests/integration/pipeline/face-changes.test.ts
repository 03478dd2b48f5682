import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** The build log and manifest.json say which faces changed since the last build into the folder. */
describe('the faces a build reports as changed', { timeout: 300_000 }, () => {
  let project: TempProject;
  const manifest = async () =>
    JSON.parse(await readFile(path.join(project.out, 'mini', 'nl', 'manifest.json'), 'utf8')) as {
      faceHashes: Array<{ face: string; hash: string }>;
    };
  const build = async () => {
    const logged: string[] = [];
    await buildDecks({ root: project.root, out: project.out, languages: ['nl'], previews: false, log: (line) => logged.push(line) });
    return logged.find((line) => line.includes('faces changed'));
  };
  const changedFaces = (before: Array<{ face: string; hash: string }>, after: Array<{ face: string; hash: string }>) => {
    const old = new Map(before.map((face) => [face.face, face.hash]));
    return after.filter((face) => old.get(face.face) !== face.hash).map((face) => face.face);
  };

  beforeAll(async () => {
    project = await tempProject(['mini']);
    await build();
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('are the one face whose text changed', async () => {
    const before = (await manifest()).faceHashes;
    await project.edit('deck/mini/locales/nl.yaml', (text) => text.replace('body: Nog een uitleg.', 'body: Nog een andere uitleg.'));
    expect(await build()).toBe(`mini [nl]: 1 of ${before.length} faces changed since the last build`);
    expect(changedFaces(before, (await manifest()).faceHashes)).toEqual(['tweede/front']);
  });

  it('include every face after a stylesheet edit, which can redraw any of them', async () => {
    const before = (await manifest()).faceHashes;
    await project.edit('templates/styles/cards.css', (text) => `${text}\n.face { letter-spacing: 0.02em; }\n`);
    expect(await build()).toBe(`mini [nl]: ${before.length} of ${before.length} faces changed since the last build`);
    expect(changedFaces(before, (await manifest()).faceHashes)).toHaveLength(before.length);
  });
});
