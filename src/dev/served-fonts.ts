import path from 'node:path';
import { fontFormat } from '../assets/fonts.ts';

const TYPES: Record<string, string> = { truetype: 'font/ttf', opentype: 'font/otf', woff: 'font/woff', woff2: 'font/woff2' };

/**
 * The font files the dev page may load, each under a URL of its own: the bundled fonts and every
 * deck's own (fonts: in deck.yaml), registered as the page is rendered. Only a registered file is
 * ever served, so the URL cannot name any other file on the disk.
 */
export class ServedFonts {
  private readonly files: string[] = [];

  /** The URL of a font file the page uses: what the renderer's assetUrl answers in dev. */
  url = (file: string): string => {
    let index = this.files.indexOf(file);
    if (index < 0) index = this.files.push(file) - 1;
    return `/fonts/${index}/${encodeURIComponent(path.basename(file))}`;
  };

  /** The file and content type behind a /fonts/ path, or undefined when none was registered. */
  lookup(pathname: string): { file: string; type: string } | undefined {
    const match = /^\/fonts\/(\d+)\/[^/]+$/.exec(pathname);
    const file = match ? this.files[Number(match[1])] : undefined;
    return file === undefined ? undefined : { file, type: TYPES[fontFormat(file)] ?? 'application/octet-stream' };
  }
}
