import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';
import { listFaces } from '../../../src/deck/faces.ts';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { DevSession } from '../../../src/dev/dev-session.ts';
import { FontHashes } from '../../../src/dev/last-build.ts';
import { ServedFonts } from '../../../src/dev/served-fonts.ts';
import { faceHashes } from '../../../src/render/face-hash.ts';
import { prepareHyphenation } from '../../../src/render/hyphenate.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { sha256 } from '../../../src/shared/hash.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;

/**
 * The face hashes the faces stage writes into manifest.json: the print arrangement, one face per
 * chunk, file URLs for the fonts, the hyphenation prepared from the cache, the fonts' bytes hashed.
 */
async function buildHashes(language: string): Promise<Array<{ face: string; hash: string }>> {
  const paths = projectPaths(project.root);
  const { deck } = (await loadDeck(project.file('deck', 'mini'), paths)) as { deck: LoadedDeck };
  const locale = deck.locales.get(language)!.locale;
  await prepareHyphenation(locale, language);
  const renderer = await FaceRenderer.create(paths, deck);
  const fonts = await Promise.all([...BUNDLED_FONTS, ...deck.fonts].map(async (font) => sha256(await readFile(font.file))));
  return listFaces(deck.cards).flatMap((face) =>
    faceHashes(renderer.render(deck, { locale, language, assetUrl: (file) => pathToFileURL(file).href, only: [face] }), fonts),
  );
}

async function writeManifest(language: string, hashes: Array<{ face: string; hash: string }>): Promise<void> {
  await mkdir(path.join(project.out, 'mini', language), { recursive: true });
  await writeFile(
    path.join(project.out, 'mini', language, 'manifest.json'),
    JSON.stringify({ deck: 'mini', language, faceHashes: hashes }),
  );
}

const session = (language: string) =>
  new DevSession(projectPaths(project.root), project.file('deck', 'mini'), language, new ServedFonts(), {
    out: project.out,
    fontHashes: new FontHashes(),
  });

beforeAll(async () => {
  project = await tempProject(['mini']);
  // A word long enough to be hyphenated: the build and dev must break it alike.
  await project.edit('deck/mini/locales/nl.yaml', (t) =>
    t.replace('body: Nog een uitleg.', 'body: Nog een arbeidsongeschiktheidsverzekering.'),
  );
});

afterAll(async () => {
  await project?.cleanup();
});

describe('faces changed since the last build', () => {
  it('gives every face the hash the build gave it, hyphenated text included', async () => {
    const built = await buildHashes('nl');
    await writeManifest('nl', built);
    const dev = session('nl');
    await dev.refresh();
    expect(dev.rendered?.changedSinceBuild).toEqual([]);
    expect(built.map((face) => face.face)).toEqual(['eerste/front', 'tweede/front', 'back/basis']);
  });

  it("marks every card's back when its category's back changed, as the build prints one back per category", async () => {
    await writeManifest('nl', await buildHashes('nl'));
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('    name: Basis\n', '    name: Basis\n    back: Eerste ronde\n'));
    const dev = session('nl');
    await dev.refresh();
    expect(dev.rendered?.changedSinceBuild).toEqual(['eerste/back', 'tweede/back']);
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('    back: Eerste ronde\n', ''));
  });

  it('names exactly the face whose text was edited, and no face once the edit is undone', async () => {
    await writeManifest('nl', await buildHashes('nl'));
    const dev = session('nl');
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('title: Tweede kaart', 'title: Tweede kaart, herzien'));
    const update = await dev.refresh();
    expect(dev.rendered?.changedSinceBuild).toEqual(['tweede/front']);
    expect(update).toMatchObject({ kind: 'faces', changedSinceBuild: ['tweede/front'] });
    await project.edit('deck/mini/locales/nl.yaml', (t) => t.replace('title: Tweede kaart, herzien', 'title: Tweede kaart'));
    const undone = await dev.refresh();
    expect(undone).toMatchObject({ kind: 'faces', changedSinceBuild: [] });
  });

  it('marks every face when a stylesheet changes, as the build would print them all anew', async () => {
    await writeManifest('nl', await buildHashes('nl'));
    await project.edit('templates/styles/cards.css', (t) => `${t}\n.face { letter-spacing: 0.01em; }\n`);
    const dev = session('nl');
    await dev.refresh();
    expect(dev.rendered?.changedSinceBuild).toEqual(['eerste/front', 'eerste/back', 'tweede/front', 'tweede/back']);
  });

  it('marks nothing when this language was never built', async () => {
    const dev = session('en');
    await dev.refresh();
    expect(dev.rendered?.changedSinceBuild).toBeNull();
  });

  it('compares with a build made while dev runs, when asked again, without rendering', async () => {
    const dev = session('en');
    await dev.refresh();
    const hashes = [...dev.rendered!.hashes].map(([face, hash]) => ({ face, hash }));
    await writeManifest('en', [{ face: 'eerste/front', hash: 'not-this-face' }, ...hashes.slice(1)]);
    expect(await dev.recheckBuild()).toMatchObject({ kind: 'faces', faces: [], changedSinceBuild: ['eerste/front'] });
    await writeManifest('en', hashes);
    expect(await dev.recheckBuild()).toMatchObject({ kind: 'faces', faces: [], changedSinceBuild: [] });
    expect(await dev.recheckBuild()).toEqual({ kind: 'none' });
  });
});
