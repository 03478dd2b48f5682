import { readdir, writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { BuildError, EnvironmentError } from '../../../src/shared/errors.ts';
import { findChromium, withBrowser } from '../../../src/print/browser.ts';
import { printFaces } from '../../../src/print/print-faces.ts';
import { tool } from '../../support/pdf-tools.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

let project: TempProject;

beforeEach(async () => {
  project = await tempProject(['long-text']);
});

afterEach(async () => {
  await project.cleanup();
});

const build = () => buildDecks({ root: project.root, out: project.out, previews: false });

describe('text that must fit', () => {
  it('shrinks a card whose text is a little too long and reports it', async () => {
    const summary = await build();
    const nl = summary.builds.find((b) => b.language === 'nl')!;
    expect(nl.shrunk).toHaveLength(1);
    expect(nl.shrunk[0]!.face).toBe('eerste/front');
    expect(nl.shrunk[0]!.scale).toBeLessThan(1);
    expect(nl.shrunk[0]!.scale).toBeGreaterThanOrEqual(7.5 / 9.2 - 0.001);
  });

  it('fails, naming deck, card, language and field, when even the minimum size is too big', async () => {
    // The body is too long; the example below it is short. The example is pushed out of the box,
    // but the body is what must be shortened, and the message points at it in the locale file.
    await project.edit('deck/long-text/locales/nl.yaml', (text) =>
      text.replace(/( {4}body: )(.+)/, (_, key, body) => `${key}${body} ${body} ${body}`).replace(/example: .*/, 'example: Kort.'),
    );
    const failure = await build().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toMatch(
      /deck\/long-text\/locales\/nl\.yaml:35:11: long-text \[nl\] card eerste \(front\): text in field "body" does not fit/,
    );
    expect((failure as Error).message).not.toContain('[en]');
    // Said once, not again for the low-ink and grayscale faces, which overflow alike.
    expect((failure as Error).message.match(/text in field "body" does not fit/g)).toHaveLength(1);
  });

  it('leaves the previous output untouched when a build fails (the hidden print cache aside)', async () => {
    await mkdir(path.join(project.out, 'long-text'), { recursive: true });
    await writeFile(path.join(project.out, 'long-text', 'earlier.txt'), 'from the last good build');
    await project.edit('deck/long-text/locales/en.yaml', (text) =>
      text.replace(/( {4}body: )(.+)/, (_, key, body) => `${key}${body} ${body} ${body}`),
    );
    await expect(build()).rejects.toBeInstanceOf(BuildError);
    const visible = (await readdir(project.out)).filter((name) => !name.startsWith('.'));
    expect(visible).toEqual(['long-text']);
    expect(await readdir(path.join(project.out, 'long-text'))).toEqual(['earlier.txt']);
  });

  it('reads every text size back from the PDF: a template without the min-font floor fails, naming deck, card, language, field and size', async () => {
    await project.edit('templates/styles/cards.css', (css) =>
      css.replace(
        '.questions {\n  list-style: none;\n  font-size: max(var(--min-font), 9em);\n}',
        '.questions {\n  list-style: none;\n  font-size: 1.4pt;\n}',
      ),
    );
    const failure = await build().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toContain(
      'long-text [nl] card eerste (front): field "questions" is printed at 1.4 pt ("Wat zie je?"), below the deck\'s minimum of 7.5 pt',
    );
    expect((failure as Error).message).toContain('long-text [en] card eerste (front): field "questions" is printed at 1.4 pt');
  });

  it('fails when a template puts text outside the safe zone, led by the template that places it', async () => {
    await project.edit('templates/styles/cards.css', (css) => `${css}\n.title { margin-inline-start: -6mm; }\n`);
    await expect(build()).rejects.toThrow(
      /templates\/cards\/condition\.hbs: [a-z-]+ \[nl\] card eerste \(front\): "title" reaches \d+\.\d pt outside the safe zone; move it in/,
    );
  });
});

describe('the browser loads nothing but what the build hands it', () => {
  it('blocks and reports a request to an outside address from a template', async () => {
    await project.edit(
      'templates/styles/cards.css',
      (css) => `${css}\n.face { background-image: url("https://example.com/paper.png"); }\n`,
    );
    await expect(build()).rejects.toThrow(
      /blocked \d+ request\(s\) or inline code from the templates or pictos: https:\/\/example\.com\/paper\.png/,
    );
  });

  it('prints markup in YAML text as visible text that never runs', async () => {
    await project.edit('deck/long-text/locales/nl.yaml', (text) =>
      text.replace('title: Tweede kaart', `title: "<img src=x onerror=alert(1)> <script>document.body.remove()</script>"`),
    );
    await build();
    const text = (await tool('pdftotext', [path.join(project.out, 'long-text', 'nl', 'long-text-nl-cards.pdf'), '-'])).replace(/\s+/g, ' ');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toMatch(/<script>document\.body\.remove\(\)\s?<\/script>/);
  });
});

describe('faults end the build with a clear message', () => {
  it('names how to install Chromium when the configured one does not exist', () => {
    expect(() => findChromium({ PUPPETEER_EXECUTABLE_PATH: '/nowhere/chromium' })).toThrow(EnvironmentError);
  });

  it('gives up on a page that never finishes, within the time limit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-hang-'));
    try {
      const htmlFile = path.join(dir, 'hang.html');
      await writeFile(htmlFile, '<!doctype html><body><script>for(;;){}</script></body>');
      const started = Date.now();
      const failure = await withBrowser((browser) =>
        printFaces(browser, { htmlFile, allowedFiles: [], minFontPt: 7, bleedPt: 8.5, safePt: 14, timeoutMs: 1500 }),
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EnvironmentError);
      expect((failure as Error).message).toMatch(/Chromium did not finish printing hang\.html within 2 s/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
