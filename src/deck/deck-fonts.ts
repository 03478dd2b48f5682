import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { codePointsOf } from '../assets/font-coverage.ts';
import type { FontFace } from '../assets/fonts.ts';
import type { Problem } from '../shared/errors.ts';
import { exists } from '../shared/file-exists.ts';
import type { Deck } from './schema.ts';
import { problemAtPath, type YamlSource } from './yaml-source.ts';

/** A licence file beside a committed font: the font may only travel with its terms. */
const LICENCE = /^(OFL|LICEN[CS]E|COPYING)([-_.][\w.-]*)?$/i;

/**
 * The deck's own fonts (fonts: in deck.yaml) as files: from an npm package the project has
 * installed, or committed inside the deck folder with their licence beside them.
 */
export async function resolveDeckFonts(
  meta: Deck,
  deckDir: string,
  projectRoot: string,
  source: YamlSource,
): Promise<{ fonts: FontFace[]; problems: Problem[] }> {
  const fonts: FontFace[] = [];
  const problems: Problem[] = [];
  // The project's own packages first, then the ones installed beside kaartenset itself.
  const resolvers = [createRequire(path.join(projectRoot, 'package.json')), createRequire(import.meta.url)];
  for (const [index, font] of meta.fonts.entries()) {
    const at = ['fonts', index];
    let file: string;
    if (font.package) {
      const packageDir = packageDirOf(font.package, resolvers);
      if (!packageDir) {
        problems.push(
          problemAtPath(
            'font-package-missing',
            source,
            [...at, 'package'],
            `npm package "${font.package}" is not installed: run npm install ${font.package}`,
          ),
        );
        continue;
      }
      file = path.resolve(packageDir, font.file);
      if (!isInside(file, packageDir) || !(await exists(file))) {
        problems.push(
          problemAtPath(
            'font-file-not-found',
            source,
            [...at, 'file'],
            `"${font.file}" is not a file of ${font.package}; it has: ${(await fontFilesIn(packageDir)).join(', ') || 'no font files at its top'}`,
          ),
        );
        continue;
      }
    } else {
      file = path.resolve(deckDir, font.file);
      if (!isInside(file, deckDir)) {
        problems.push(
          problemAtPath(
            'font-outside-deck',
            source,
            [...at, 'file'],
            `"${font.file}" is outside the deck folder: commit the font inside it (e.g. fonts/), or name its npm package`,
          ),
        );
        continue;
      }
      if (!(await exists(file))) {
        problems.push(problemAtPath('font-file-not-found', source, [...at, 'file'], `font file ${font.file} not found in the deck folder`));
        continue;
      }
      const beside = await readdir(path.dirname(file));
      if (!beside.some((name) => LICENCE.test(name))) {
        problems.push(
          problemAtPath(
            'font-licence-missing',
            source,
            [...at, 'file'],
            `${font.file} has no licence beside it: commit the font's licence (OFL.txt, LICENSE…) in the same folder`,
          ),
        );
        continue;
      }
    }
    // Read once here, so a file that is no font is named at its line, not met later by the glyph check.
    const unreadable = await codePointsOf(file).then(
      () => undefined,
      (error: Error) => error.message.split('\n')[0],
    );
    if (unreadable !== undefined) {
      problems.push(
        problemAtPath(
          'font-unreadable',
          source,
          [...at, 'file'],
          `${font.file} is not a font that can be read (${unreadable}); give a TrueType or OpenType font file (.ttf, .otf, .woff, .woff2)`,
        ),
      );
      continue;
    }
    fonts.push({ family: font.family, weight: font.weight, style: font.style, file });
  }
  return { fonts, problems };
}

function packageDirOf(name: string, resolvers: NodeJS.Require[]): string | undefined {
  for (const resolver of resolvers) {
    try {
      return path.dirname(resolver.resolve(`${name}/package.json`));
    } catch {}
  }
  return undefined;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function fontFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((name) => /\.(ttf|otf|woff2?)$/i.test(name)).slice(0, 8);
}
