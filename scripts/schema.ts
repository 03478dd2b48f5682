#!/usr/bin/env -S npx tsx
// Writes the JSON Schemas that deck files point at (yaml-language-server modelines) into schema/.
import { fs, path } from 'zx';
import { allJsonSchemas } from '../src/index.ts';

const dir = path.join(import.meta.dirname, '..', 'schema');
await fs.mkdir(dir, { recursive: true });
for (const [name, schema] of Object.entries(await allJsonSchemas(path.join(import.meta.dirname, '..')))) {
  await fs.writeFile(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}`);
}
