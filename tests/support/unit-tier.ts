// The unit tier is pure and in-memory: a test that starts Chromium or Ghostscript fails here, with a
// message that says where it belongs, instead of quietly making the fast tier slow.
import path from 'node:path';

const forbidden = path.resolve(import.meta.dirname, 'forbidden-tools');
process.env.PATH = `${forbidden}${path.delimiter}${process.env.PATH ?? ''}`;
process.env.PUPPETEER_EXECUTABLE_PATH = path.join(forbidden, 'chromium');
