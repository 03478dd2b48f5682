import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findDeckDirs } from '../deck/find-decks.ts';
import { LOCALE_SCHEMA_FILE } from '../deck/locale-schema-name.ts';
import { findChromium } from '../print/browser.ts';
import { buildDate } from '../shared/build-date.ts';
import { folderHash, sha256 } from '../shared/hash.ts';
import type { BuildOptions } from './build-options.ts';
import { codeVersion } from '../shared/code-version.ts';

const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Written by the build from the decks, for editors, and read by nothing it makes: not an input. */
const DERIVED = [LOCALE_SCHEMA_FILE];

export interface BuildInputs {
  /** The hash of them all. */
  hash: string;
  /** The content hash of the shop's ICC profile (--icc), which the stages that use it are keyed by. */
  icc?: string;
}

/**
 * A hash of everything a build reads and every option that changes what it makes: the project's
 * decks, templates and pictos by content, the program's code, the installed packages (fonts among
 * them), the Chromium, Ghostscript, poppler and mupdf it would run, the shop's ICC profile and the
 * document date. Two builds with the same hash make the same files, so the second has nothing to do.
 * Undefined when an input cannot be read: the build itself then says what is wrong.
 */
export async function buildInputs(options: BuildOptions): Promise<BuildInputs | undefined> {
  const root = path.resolve(options.root);
  const previews = options.previews ?? true;
  const vendors = options.vendors ?? [];
  const ghostscript = Boolean(options.cmyk) || vendors.length > 0;
  try {
    const icc = options.icc ? readFile(options.icc).then(sha256) : undefined;
    const parts = await Promise.all([
      codeVersion(),
      ...['deck', 'templates', 'pictos'].map((folder) => folderHash(path.join(root, folder), [], DERIVED).catch(() => `no ${folder}`)),
      // A deck named by its path may live outside deck/.
      findDeckDirs(root, options.decks ?? []).then((dirs) =>
        Promise.all(dirs.map(async (dir) => [dir, await folderHash(dir, [], DERIVED).catch(() => 'no folder')])),
      ),
      installedPackages(root),
      browserIdentity(),
      // pdftoppm renders the previews; mutool every page for preflight's bleed check.
      programIdentity('pdftoppm'),
      programIdentity('mutool'),
      ghostscript ? programIdentity('gs') : 'no Ghostscript',
      icc ?? 'no ICC profile',
    ]);
    const choices = {
      decks: options.decks ?? [],
      languages: options.languages ?? [],
      previews,
      cmyk: Boolean(options.cmyk),
      vendors,
      allowMissing: Boolean(options.allowMissing),
      allowUnfinished: Boolean(options.allowUnfinished),
      // Chunks change how Chromium antialiases a few pixels of the previews and vendor images.
      chunkSize: options.chunkSize ?? null,
      date: buildDate().toISOString(),
    };
    return { hash: sha256(JSON.stringify([parts, choices])), icc: await icc };
  } catch {
    return undefined;
  }
}

/**
 * npm's record of the installed packages (their versions and integrity, the bundled fonts' too),
 * for kaartenset and for the project, whose own packages may hold a deck's fonts.
 */
async function installedPackages(root: string): Promise<string[]> {
  const records = new Set([await nearestPackageRecord(PACKAGE_ROOT), await nearestPackageRecord(root)]);
  return Promise.all([...records].map((file) => (file ? readFile(file).then(sha256) : 'no package record')));
}

async function nearestPackageRecord(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '.package-lock.json');
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function browserIdentity(): Promise<string> {
  try {
    return fileIdentity(findChromium());
  } catch {
    return Promise.resolve('no Chromium');
  }
}

/** The program `name` as found on PATH: an upgrade changes its size or date. */
async function programIdentity(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const identity = await fileIdentity(path.join(dir, name)).catch(() => undefined);
    if (identity) return identity;
  }
  return `no ${name}`;
}

async function fileIdentity(file: string): Promise<string> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  return `${file}:${info.size}:${info.mtimeMs}`;
}
