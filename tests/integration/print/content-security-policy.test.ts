import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_FONTS } from '../../../src/assets/fonts.ts';
import { loadDeck, projectPaths, type LoadedDeck } from '../../../src/deck/load-deck.ts';
import { closeBrowser, launchBrowser, type Browser } from '../../../src/print/browser.ts';
import { printFaces } from '../../../src/print/print-faces.ts';
import { Printer } from '../../../src/print/printer.ts';
import { withContentSecurityPolicy } from '../../../src/shared/content-security-policy.ts';
import { FaceRenderer } from '../../../src/render/render-faces.ts';
import { BuildError } from '../../../src/shared/errors.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/** Inlined as if the sanitiser had let it through: it would rewrite every face and hide the cards. */
const HOSTILE_PICTO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><script>document.querySelectorAll('.face').forEach((face) => { face.textContent = 'PWNED'; });</script><style>.title { color: transparent !important }</style><circle r="4"/></svg>`;

let project: TempProject;
let deck: LoadedDeck;
let html: string;
let browser: Browser;

beforeAll(async () => {
  project = await tempProject(['long-text']);
  const paths = projectPaths(project.root);
  deck = (await loadDeck(project.file('deck', 'long-text'), paths)).deck!;
  for (const name of deck.pictos.keys()) deck.pictos.set(name, HOSTILE_PICTO);
  const renderer = await FaceRenderer.create(paths, deck);
  html = renderer.render(deck, {
    locale: deck.locales.get('nl')!.locale,
    language: 'nl',
    assetUrl: (file) => pathToFileURL(file).href,
  }).html;
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeBrowser(browser);
  await project.cleanup();
});

const settings = { minFontPt: 7, bleedPt: 8.5, safePt: 14 };

describe('the Content-Security-Policy behind the picto sanitiser', () => {
  it('lets an unsanitised script run when the document has no policy (so the payload is real)', async () => {
    const htmlFile = project.file('no-policy.html');
    await writeFile(htmlFile, html);
    const printed = await printFaces(browser, { htmlFile, allowedFiles: BUNDLED_FONTS.map((font) => font.file), ...settings });
    const pdf = project.file('no-policy.pdf');
    await writeFile(pdf, printed.pdf);
    expect(await tool('pdftotext', [pdf, '-'])).toContain('PWNED');
  });

  it('stops the same script and style in every document the build prints, and fails the build naming them', async () => {
    const printer = new Printer();
    try {
      const failure = await printer.print(html, project.file('hostile.html'), settings).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BuildError);
      expect((failure as Error).message).toMatch(/an inline script/);
      expect((failure as Error).message).toMatch(/an inline style/);
    } finally {
      await printer.close();
    }
  });

  it('allows the scripts the program names and the head styles the build writes, and nothing in the body', () => {
    const document = withContentSecurityPolicy(
      '<!doctype html><html><head><meta charset="utf-8"><style>a{}</style><script>1</script><script>placed</script></head><body><style>b{}</style><script>2</script></body></html>',
      { origin: 'file:', scripts: ['1'] },
    );
    const policy = /content="([^"]+)"/.exec(document)![1]!;
    expect(policy).toMatch(/script-src 'sha256-[^' ]+'(;|$)/);
    expect(policy).toMatch(/style-src-elem 'sha256-[^']+';/);
    expect(document.indexOf('Content-Security-Policy')).toBeLessThan(document.indexOf('<style>'));
  });

  it('allows no script that only the page names, even in its head', () => {
    const document = withContentSecurityPolicy('<!doctype html><html><head><script>placed</script></head><body></body></html>', {
      origin: 'file:',
    });
    expect(/content="([^"]+)"/.exec(document)![1]).toMatch(/script-src 'none'/);
  });
});
