import { readFileSync } from 'node:fs';

/**
 * The text of a script that runs inside the page (*.browser.js), without its leading comment
 * lines and the semicolon that ends it as a statement: evaluated as an expression, so no bundler
 * or transpiler may touch it.
 */
export function browserScript(url: URL): string {
  return readFileSync(url, 'utf8')
    .replace(/^\/\/.*\n/gm, '')
    .replace(/;\s*$/, '');
}
