import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPicto, PICTO_LIMITS, preparePicto } from '../../../src/assets/pictos.ts';
import { lineOf } from '../../support/problems.ts';

const svg = (body: string, attributes = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 48 48"${attributes}>${body}</svg>`;

/** What a kept picto may never contain, however it was spelled going in. */
const FORBIDDEN =
  /<\/?(script|style|foreignobject|iframe|object|embed|image|feimage|animate|set|a|handler|listener)[\s/>]|\son\w+=|javascript:|href="(?!#)|url\((?!['"]?#)|@import|expression\(/i;

describe('a hostile picto runs nothing, loads nothing and restyles nothing', () => {
  it.each([
    ['a script in capitals (the browser lowercases tags)', svg('<SCRIPT>fetch("http://127.0.0.1:9/x")</SCRIPT><circle r="4"/>')],
    ['a script in mixed case', svg('<ScRiPt>alert(1)</ScRiPt><circle r="4"/>')],
    ['a script behind an SVG namespace prefix', svg('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script><circle r="4"/>')],
    ['a script in CDATA', svg('<script><![CDATA[alert(1)]]></script><circle r="4"/>')],
    ['a style that blanks every card', svg('<style>* { display: none !important }</style><circle r="4"/>')],
    ['a STYLE in capitals', svg('<STYLE>section { visibility: hidden }</STYLE><circle r="4"/>')],
    ['a handler in capitals', svg('<circle r="4" ONLOAD="alert(1)"/>')],
    ['an animation that rewrites a link', svg('<a href="#x"><animate attributeName="href" to="javascript:alert(1)"/><circle r="4"/></a>')],
    ['a set element', svg('<circle r="4"><set attributeName="onmouseover" to="alert(1)"/></circle>')],
    ['an image from the local network', svg('<image href="http://127.0.0.1:8080/leak.png" width="4" height="4"/>')],
    ['an image as a data URL', svg('<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/>')],
    ['a use of an outside file', svg('<use href="http://127.0.0.1/sprite.svg#a"/><circle r="4"/>')],
    ['an xlink use of an outside file', svg('<use xlink:href="file:///etc/passwd#a"/><circle r="4"/>')],
    ['a filter image', svg('<filter id="f"><feImage href="http://127.0.0.1/x.png"/></filter><circle r="4" filter="url(#f)"/>')],
    ['a foreignObject in capitals', svg('<FOREIGNOBJECT><iframe src="http://127.0.0.1"/></FOREIGNOBJECT><circle r="4"/>')],
    ['a style attribute that reaches outside', svg('<circle r="4" style="fill: url(http://127.0.0.1/x.svg#p); stroke: red"/>')],
    ['a style attribute with a CSS escape', svg('<circle r="4" style="fill: u\\72l(http://127.0.0.1/x)"/>')],
    ['a presentation attribute pointing outside', svg('<circle r="4" fill="url(\'http://127.0.0.1/p.svg#g\')"/>')],
    ['an iframe', svg('<iframe src="http://127.0.0.1"/><circle r="4"/>')],
  ])('strips %s, with a warning', async (_, input) => {
    const result = await preparePicto('evil.svg', 'evil', input);
    expect(result.svg).toBeDefined();
    expect(result.svg).not.toMatch(FORBIDDEN);
    expect(result.problems.some((p) => p.severity === 'warning')).toBe(true);
    expect(result.problems.every((p) => p.location?.file === 'evil.svg' && (lineOf(p) ?? 0) >= 1)).toBe(true);
  });

  it('keeps escaped markup in text as text, never as an element', async () => {
    const result = await preparePicto('t.svg', 't', svg('<text x="4" y="20">&lt;script&gt;</text>'));
    expect(result.svg).toContain('&lt;script&gt;');
    expect(result.problems).toEqual([]);
  });

  it('keeps what draws: shapes, gradients, clip paths, local references and safe style properties', async () => {
    const result = await preparePicto(
      'ok.svg',
      'ok',
      svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient><clipPath id="c"><rect width="9" height="9"/></clipPath></defs><g clip-path="url(#c)"><path d="M0 0h9v9z" style="fill:url(#g);stroke-width:2"/></g>',
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.svg).toMatch(/<path[^>]*d="M0 0h9v9z"/);
    expect(result.svg).toMatch(/fill:url\(#picto-ok-\w+\)/);
  });

  it("drops an editor's bookkeeping without a word", async () => {
    const inkscape = svg(
      '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" pagecolor="#fff"/><metadata><x/></metadata><circle r="4" inkscape:label="dot"/>',
      ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"',
    );
    const result = await preparePicto('ink.svg', 'ink', inkscape);
    expect(result.problems).toEqual([]);
    expect(result.svg).not.toMatch(/inkscape|sodipodi|metadata/);
  });

  it('rejects what cannot be read safely, with an error at its line', async () => {
    expect(
      (
        await preparePicto(
          'x.svg',
          'x',
          '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<svg>&xxe;</svg>',
        )
      ).problems[0],
    ).toMatchObject({ severity: 'error', location: { line: 2 } });
    expect((await preparePicto('x.svg', 'x', svg('<circle r="4">'))).problems[0]!.message).toMatch(/not well-formed XML/);
    expect((await preparePicto('x.svg', 'x', '<html><svg viewBox="0 0 1 1"/></html>')).problems[0]!.message).toContain(
      'root element must be <svg>',
    );
  });
});

describe('a picto is bounded', () => {
  it('refuses a file larger than a picto may be, at once', async () => {
    const huge = svg('<circle r="1"/>'.repeat(80_000));
    const started = performance.now();
    const result = await preparePicto('huge.svg', 'huge', huge);
    expect(result.problems[0]!.message).toMatch(/KB is larger than a picto may be/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses more elements, or deeper nesting, than a picto needs', async () => {
    expect((await preparePicto('many.svg', 'many', svg('<g/>'.repeat(PICTO_LIMITS.elements + 1)))).problems[0]!.message).toMatch(
      /more than \d+ elements/,
    );
    const deep = svg(`${'<g>'.repeat(PICTO_LIMITS.depth + 2)}<circle r="1"/>${'</g>'.repeat(PICTO_LIMITS.depth + 2)}`);
    expect((await preparePicto('deep.svg', 'deep', deep)).problems[0]!.message).toMatch(/nested more than \d+ deep/);
  });

  it.each([101, 5000])('refuses %i nested groups at the documented limit, located, where the XML parser would give up', async (levels) => {
    const deep = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n${'<g>\n'.repeat(levels)}<circle r="1"/>${'</g>'.repeat(levels)}</svg>`;
    const problems = (await preparePicto('deep.svg', 'deep', deep)).problems;
    expect(problems.map((each) => [each.location, each.message])).toEqual([
      [{ file: 'deep.svg', line: PICTO_LIMITS.depth + 2, col: 1 }, `picto rejected: elements nested more than ${PICTO_LIMITS.depth} deep`],
    ]);
  });

  describe('files that are not pictos', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-pictos-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses a pipe named .svg instead of waiting on it forever', async () => {
      const fifo = path.join(dir, 'pipe.svg');
      execFileSync('mkfifo', [fifo]);
      expect((await loadPicto(fifo, 'pipe')).problems[0]!.message).toMatch(/not a regular file/);
    });

    it('refuses a folder named .svg and a link to nowhere, without a stack trace', async () => {
      await mkdir(path.join(dir, 'folder.svg'));
      await symlink(path.join(dir, 'gone.svg'), path.join(dir, 'dangling.svg'));
      expect((await loadPicto(path.join(dir, 'folder.svg'), 'folder')).problems[0]!.message).toMatch(/not a regular file/);
      expect((await loadPicto(path.join(dir, 'dangling.svg'), 'dangling')).problems[0]!.message).toMatch(
        /link to a file that does not exist/,
      );
    });

    it('refuses a large file before reading it', async () => {
      const big = path.join(dir, 'big.svg');
      await writeFile(big, svg(' '.repeat(PICTO_LIMITS.bytes)));
      expect((await loadPicto(big, 'big')).problems[0]!.message).toMatch(/larger than a picto may be/);
    });
  });
});
