#!/usr/bin/env -S npx tsx
// Writes the JSON Schemas that deck files point at (yaml-language-server modelines): the project's
// into schema/, and each deck's locale schema (the fields of the templates it uses) beside its deck.yaml;
// and docs/ui-strings.md, the list of the shipped ui strings.
import { fs, path } from 'zx';
import { writeLocaleSchemas } from '../src/deck/locale-schema-file.ts';
import { uiStringsDoc } from '../src/deck/ui-strings.ts';
import { allJsonSchemas, projectPaths } from '../src/index.ts';

const root = path.join(import.meta.dirname, '..');
const dir = path.join(root, 'schema');
await fs.mkdir(dir, { recursive: true });
for (const [name, schema] of Object.entries(await allJsonSchemas(root))) {
  await fs.writeFile(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}`);
}
for (const result of await writeLocaleSchemas(projectPaths(root))) {
  if (result.problems.length > 0)
    console.log(`${path.relative(root, result.dir)}: its deck.yaml or cards.yaml does not load; run kaartenset check`);
  else if (result.written) console.log(`wrote ${path.relative(root, result.file)}`);
}
await fs.writeFile(path.join(root, 'docs', 'ui-strings.md'), uiStringsDoc());
console.log('wrote docs/ui-strings.md');
