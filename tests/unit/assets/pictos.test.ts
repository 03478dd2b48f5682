import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePicto } from '../../../src/assets/pictos.ts';
import { REPO } from '../../support/fixtures.ts';

const svg = (body: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"${attributes}>${body}</svg>`;

describe('pictos are sanitised before they are inlined', () => {
  it.each([
    ['a script element', svg('<script>alert(1)</script><circle r="4"/>'), '<script>'],
    ['an event handler', svg('<circle r="4" onclick="alert(1)"/>'), 'onclick'],
    ['foreignObject', svg('<foreignObject><div>x</div></foreignObject><circle r="4"/>'), '<foreignObject>'],
    ['a javascript: link', svg('<a href="javascript:alert(1)"><circle r="4"/></a>'), 'javascript:alert(1)'],
    ['an outside image', svg('<image href="https://example.com/x.png"/>'), 'https://example.com/x.png'],
    ['an imported stylesheet', svg('<style>@import url(https://example.com/x.css);</style><circle r="4"/>'), '<style>'],
  ])('removes %s with a warning', async (_, input, named) => {
    const result = await preparePicto('evil.svg', 'evil', input);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.severity).toBe('warning');
    expect(result.problems[0]!.message).toContain(named);
    expect(result.svg).toBeDefined();
    expect(result.svg).not.toMatch(/script|onclick|foreignObject|javascript:|https:|@import/);
  });

  it('keeps internal references such as gradients', async () => {
    const result = await preparePicto(
      'ok.svg',
      'ok',
      svg('<defs><linearGradient id="g"/></defs><use href="#g"/><rect fill="url(#g)" width="4" height="4"/>'),
    );
    expect(result.problems).toEqual([]);
  });

  it('rejects entity declarations and non-SVG files with an error', async () => {
    expect((await preparePicto('x.svg', 'x', '<!DOCTYPE svg [<!ENTITY a "b">]><svg/>')).problems[0]!.severity).toBe('error');
    expect((await preparePicto('x.svg', 'x', '<html><body/></html>')).problems[0]!.message).toContain('root element must be <svg>');
    expect(
      (await preparePicto('x.svg', 'x', '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')).problems[0]!.message,
    ).toContain('viewBox');
  });

  it('prefixes ids so many pictos can share one document', async () => {
    const result = await preparePicto(
      'a.svg',
      'alpha',
      svg('<defs><clipPath id="c"><rect width="4" height="4"/></clipPath></defs><circle clip-path="url(#c)" r="4"/>'),
    );
    expect(result.svg).toContain('picto-alpha');
  });

  it('all shipped pictos share one grid, use currentColor and load clean', async () => {
    const dir = path.join(REPO, 'pictos');
    for (const file of await readdir(dir)) {
      const text = await readFile(path.join(dir, file), 'utf8');
      expect(text, file).toContain('viewBox="0 0 48 48"');
      expect(text, file).toContain('stroke="currentColor"');
      expect(text, file).not.toMatch(/#[0-9a-f]{3,6}/i);
      expect((await preparePicto(file, file, text)).problems, file).toEqual([]);
    }
  });
});
