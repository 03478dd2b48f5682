import { sha256 } from '../shared/hash.ts';
import type { RenderedFaces } from './render-faces.ts';

/**
 * What each face looks like, as a hash: its markup (texts and inlined pictos) and what draws every
 * face of the set (the stylesheets and the fonts' bytes). A stylesheet edit changes every face's
 * hash: which rules reach which face is the browser's to know. The build keeps these in
 * manifest.json; dev computes them the same way to mark the faces that changed since.
 * `fontHashes`: the sha256 of each font file's bytes, the bundled fonts first, then the deck's.
 */
export function faceHashes(
  rendered: Pick<RenderedFaces, 'faces' | 'sections' | 'css' | 'pageCss'>,
  fontHashes: string[],
): Array<{ face: string; hash: string }> {
  const drawnBy = sha256(JSON.stringify([rendered.css, rendered.pageCss, fontHashes]));
  return rendered.faces.map((face, i) => ({ face: face.id, hash: sha256(`${drawnBy}\n${rendered.sections[i]!}`).slice(0, 16) }));
}
