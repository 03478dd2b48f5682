#!/usr/bin/env node
// Runs the CLI from the ahead-of-time compiled tree (rebuilt when src/ changed); where that tree
// cannot be written, the TypeScript sources run directly through tsx, which is slower to start.
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { compiledEntry } from './compiled.js';

// V8 compiles a function to optimised code once it has run for a while (its interrupt budget).
// A build runs a great deal of code for a while and is over in seconds: at V8's default, that
// compiling took about a fifth of a build's CPU, in threads competing with the build's own on two
// cores. At eight times the budget, what stays hot (parsing, the paint walk) is still optimised.
// Set before the CLI loads; it holds for every thread.
v8.setFlagsFromString('--interrupt-budget=540672');

const entry = await compiledEntry();
if (entry) await import(pathToFileURL(entry).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
