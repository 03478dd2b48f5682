#!/usr/bin/env node
// The CLI is TypeScript run directly through tsx, so a fresh clone needs no compile step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
