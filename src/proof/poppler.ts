import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../shared/errors.ts';
import { withTempFolder } from '../shared/temp-folder.ts';

/*
 * What the proof reads from the builds' PDFs with poppler (poppler-utils, which previews need
 * already): pages as rasters, a page's text, and single pages cut out, so a 200-page cards.pdf is
 * never parsed whole.
 */

const exec = promisify(execFile);

/** Runs one of poppler's tools, telling how to install it when it is missing. */
export function poppler(tool: string, args: string[]) {
  return exec(tool, args, { maxBuffer: 1 << 26 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new EnvironmentError(`${tool} not found: install poppler-utils (Debian/Ubuntu: sudo apt-get install poppler-utils)`, {
        code: 'tool-missing',
      });
    throw error;
  });
}

/** Pages (one-based) as runs of consecutive pages, each [first, last]: one call of a tool each. */
export function pageRuns(pages: number[]): Array<[number, number]> {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const page of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === page - 1) last[1] = page;
    else runs.push([page, page]);
  }
  return runs;
}

/**
 * The lines of text of each page (one-based), as pdftotext reads them in reading order: what the
 * print file says, whatever the deck's sources said (pdftotext ends each page with a form feed).
 */
export async function pageLines(pdfFile: string, pages: number[]): Promise<Map<number, string[]>> {
  const lines = new Map<number, string[]>();
  for (const [first, last] of pageRuns(pages)) {
    const { stdout } = await poppler('pdftotext', ['-enc', 'UTF-8', '-f', String(first), '-l', String(last), pdfFile, '-']);
    stdout
      .split('\f')
      .slice(0, last - first + 1)
      .forEach((text, index) => {
        lines.set(
          first + index,
          text.split('\n').filter((line) => line.trim() !== ''),
        );
      });
  }
  return lines;
}

/** Each page (one-based) as a PDF of its own, by pdfseparate: the page and what it uses, copied as they are. */
export async function separatePages(pdfFile: string, pages: number[]): Promise<Map<number, Uint8Array>> {
  const separated = new Map<number, Uint8Array>();
  await withTempFolder('kaartenset-proof-pages-', async (dir) => {
    for (const [first, last] of pageRuns(pages)) {
      await poppler('pdfseparate', ['-f', String(first), '-l', String(last), pdfFile, path.join(dir, 'page-%d.pdf')]);
      for (let page = first; page <= last; page++) separated.set(page, await readFile(path.join(dir, `page-${page}.pdf`)));
    }
  });
  return separated;
}

/** A word a page prints, and its box in points from the page's top left corner. */
export interface PageWord {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The words of each page (one-based) in reading order with their boxes, as `pdftotext -bbox` reads them. */
export async function pageWords(pdfFile: string, pages: number[]): Promise<Map<number, PageWord[]>> {
  const words = new Map<number, PageWord[]>();
  for (const [first, last] of pageRuns(pages)) {
    const { stdout } = await poppler('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(first), '-l', String(last), pdfFile, '-']);
    stdout
      .split(/<page\b/)
      .slice(1, last - first + 2)
      .forEach((page, index) => {
        const found: PageWord[] = [];
        for (const match of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
          const [x0, y0, x1, y1] = match.slice(1, 5).map(Number) as [number, number, number, number];
          const text = match[5]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
          found.push({ text, x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
        }
        words.set(first + index, found);
      });
  }
  return words;
}
