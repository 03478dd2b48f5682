import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './hash.ts';

/** src/: present beside .compiled/ too, whose modules keep their src/ locations (import.meta.url). */
const SOURCE = path.resolve(import.meta.dirname, '..');

/**
 * What a module depends on, as written in its text: static imports and re-exports (not `import
 * type`, which runs nothing), side-effect imports, dynamic `import('...')` with a literal, and files
 * read with `new URL('...', import.meta.url)` (scripts that run in the page, stylesheets).
 * Packages are left out: the installed ones are an input of the build of their own.
 */
const DEPENDENCY = new RegExp(
  [
    /^\s*(?:import|export)\s+(?!type\s)[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/.source,
    /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/.source,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/.source,
    /\bnew\s+URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/.source,
  ].join('|'),
  'gm',
);

interface SourceFile {
  hash: string;
  /** Files it depends on, relative to the root; a missing one as itself, so its absence is hashed. */
  dependencies: string[];
}

/**
 * The program's sources under one root, each file read and hashed once: the hash of all of them
 * (what the inputs of a build name as the program), and of the code one module runs, that is the
 * module and every file it depends on, transitively, so a stage's cached output is made again when
 * its own code changes and not when another stage's does.
 */
export class SourceTree {
  private readonly files = new Map<string, Promise<SourceFile | undefined>>();
  private readonly closures = new Map<string, Promise<string>>();
  private everything?: Promise<string>;

  constructor(readonly root: string) {}

  /** A hash of every file under the root, names and contents. */
  all(): Promise<string> {
    this.everything ??= (async () => {
      const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
      const names = entries
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
      const hashes = await Promise.all(names.sort().map(async (name) => `${name}:${(await this.file(name))?.hash}`));
      return sha256(hashes.join('\n'));
    })();
    return this.everything;
  }

  /** A hash of the code `module` (a file URL, an absolute path, or a path relative to the root) runs. */
  codeOf(module: string | URL): Promise<string> {
    const name = this.nameOf(module);
    let hash = this.closures.get(name);
    if (!hash) this.closures.set(name, (hash = this.closureHash(name)));
    return hash;
  }

  /** The files `module` runs or reads, itself first, relative to the root. */
  async filesOf(module: string | URL): Promise<string[]> {
    const start = this.nameOf(module);
    const seen = new Set<string>([start]);
    for (const name of seen) {
      for (const next of (await this.file(name))?.dependencies ?? []) seen.add(next);
    }
    return [...seen];
  }

  private async closureHash(name: string): Promise<string> {
    const files = await this.filesOf(name);
    const parts = await Promise.all(files.sort().map(async (file) => `${file}:${(await this.file(file))?.hash ?? 'missing'}`));
    return sha256(parts.join('\n'));
  }

  private nameOf(module: string | URL): string {
    const file = module instanceof URL || module.startsWith('file:') ? fileURLToPath(module) : path.resolve(this.root, module);
    const name = path.relative(this.root, file);
    if (name.startsWith('..') || path.isAbsolute(name)) throw new Error(`${file} is not under ${this.root}`);
    return name.split(path.sep).join('/');
  }

  private file(name: string): Promise<SourceFile | undefined> {
    let file = this.files.get(name);
    if (!file) this.files.set(name, (file = this.read(name)));
    return file;
  }

  private async read(name: string): Promise<SourceFile | undefined> {
    const bytes = await readFile(path.join(this.root, name)).catch(() => undefined);
    if (!bytes) return undefined;
    const dependencies = /\.[cm]?[jt]s$/.test(name)
      ? [...bytes.toString('utf8').matchAll(DEPENDENCY)].map((match) => {
          const specifier = match.slice(1).find(Boolean)!;
          return path
            .relative(this.root, path.resolve(this.root, path.dirname(name), specifier))
            .split(path.sep)
            .join('/');
        })
      : [];
    // What lies outside the sources (a package's file) is the installed packages' part.
    return {
      hash: sha256(bytes),
      dependencies: dependencies.filter((dependency) => !dependency.startsWith('../') && !path.isAbsolute(dependency)),
    };
  }
}

const PROGRAM = new SourceTree(SOURCE);

/** A hash of all of the program's code: what a build's inputs name as the program. Once per process: the code that runs does not change while it runs. */
export function codeVersion(): Promise<string> {
  return PROGRAM.all();
}

/** A hash of the code `module` (its import.meta.url) runs: the module and everything it imports or reads, transitively. Once per process. */
export function codeOf(module: string | URL): Promise<string> {
  return PROGRAM.codeOf(module);
}
