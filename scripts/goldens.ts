#!/usr/bin/env -S npx tsx
// Rewrites the visual goldens from a fresh build. Run it after an intended design change and
// look at every PNG it wrote before committing them.
import { fs, os, path } from 'zx';
import { buildDecks } from '../src/pipeline/build-decks.ts';
import { REPO } from '../tests/support/fixtures.ts';
import { GOLDEN_DIR, goldenSet, renderGoldenPages } from '../tests/support/visual.ts';
import { sheetStructure } from '../tests/support/structure.ts';

const set = await goldenSet();
const out = await fs.mkdtemp(path.join(os.tmpdir(), 'kaartenset-goldens-'));
try {
  await buildDecks({ root: REPO, out, decks: [set.deck], languages: [set.language], previews: false });
  const pages = await renderGoldenPages(path.join(out, set.deck, set.language, `${set.deck}-${set.language}-cards.pdf`), set);
  for (const [name, png] of pages) {
    await fs.writeFile(path.join(GOLDEN_DIR, `${name}.png`), png);
    console.log(`wrote tests/golden/visual/${name}.png`);
  }
  const structureDir = path.join(GOLDEN_DIR, '..', 'structure');
  await fs.mkdir(structureDir, { recursive: true });
  for (const profile of ['press-sra3', 'school-a4']) {
    const structure = await sheetStructure(path.join(out, set.deck, set.language, `${set.deck}-${set.language}-sheets-${profile}.pdf`));
    await fs.writeFile(path.join(structureDir, `${set.deck}-${set.language}-${profile}.json`), `${JSON.stringify(structure)}\n`);
    console.log(`wrote tests/golden/structure/${set.deck}-${set.language}-${profile}.json`);
  }
} finally {
  await fs.rm(out, { recursive: true, force: true });
}
