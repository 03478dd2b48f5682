#!/usr/bin/env node
// Runs the CLI from the ahead-of-time compiled tree (rebuilt when src/ changed); where that tree
// cannot be written, the TypeScript sources run directly through tsx, which is slower to start.
import { pathToFileURL } from 'node:url';
import { compiledEntry } from './compiled.js';

const entry = await compiledEntry();
if (entry) await import(pathToFileURL(entry).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
