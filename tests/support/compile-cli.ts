// Compiles the CLI once before the suite, so test files that start it in parallel find one tree.
import { compiledEntry } from '../../bin/compiled.js';

export default async function setup(): Promise<void> {
  await compiledEntry();
}
