import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const src = path.join(root, 'src');

/** The "may import" column of docs/architecture.md, by folder. */
function documentedFloors(markdown: string): Map<string, Set<string>> {
  const floors = new Map<string, Set<string>>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!folder || cells.length < 5) continue;
    floors.set(
      folder,
      new Set(
        (cells[3] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    );
  }
  return floors;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry) ? [full] : [];
  });
}

/** Folder under src/ of a file, or undefined for src/index.ts and src/cli.ts. */
function folderOf(file: string): string | undefined {
  const parts = path.relative(src, file).split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

interface Edge {
  file: string;
  from: string;
  to: string;
}

function importEdges(files: string[], withinSrc: string): Edge[] {
  return files.flatMap((file) => {
    const from = folderOf(file);
    if (!from) return [];
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]!);
    return specifiers.flatMap((specifier) => {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(withinSrc)) return [];
      const to = folderOf(target);
      return to === undefined || to === from ? [] : [{ file: path.relative(root, file), from, to }];
    });
  });
}

function forbidden(edges: Edge[], floors: Map<string, Set<string>>): string[] {
  return edges
    .filter((edge) => !floors.get(edge.from)?.has(edge.to))
    .map((edge) => `${edge.file}: ${edge.from}/ may not import ${edge.to}/`);
}

/** The "imported by" column of docs/architecture.md's package table: package to folders. */
function documentedOwners(markdown: string): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  const table = markdown.slice(
    markdown.indexOf('| package | imported by |'),
    markdown.indexOf('\n\n', markdown.indexOf('| package | imported by |')),
  );
  for (const line of table.split('\n').slice(2)) {
    const [, name, folders] = line.split('|').map((cell) => cell.trim());
    if (name)
      owners.set(
        name,
        new Set(
          (folders ?? '')
            .replace(/\([^)]*\)/g, '')
            .split(/[,;]/)
            .map((folder) => folder.trim())
            .filter(Boolean),
        ),
      );
  }
  return owners;
}

/** Every package a file imports (static or dynamic), as folder under src/ and package name. */
function packageImports(files: string[]): Array<{ file: string; folder: string | undefined; name: string }> {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]((?:@[^/'"]+\/)?[^./'"][^/'"]*)[^'"]*['"]/g)].map((match) => ({
      file: path.relative(root, file),
      folder: folderOf(file),
      name: match[1]!,
    }));
  });
}

describe('the import graph', () => {
  const floors = documentedFloors(readFileSync(path.join(root, 'docs/architecture.md'), 'utf8'));
  const files = sourceFiles(src);

  it('has a documented row for every folder under src/, and no row for a folder that is gone', () => {
    const folders = readdirSync(src).filter((entry) => statSync(path.join(src, entry)).isDirectory());
    expect([...floors.keys()].sort()).toEqual(folders.sort());
  });

  it('crosses no line that docs/architecture.md forbids', () => {
    expect(forbidden(importEdges(files, src), floors)).toEqual([]);
  });

  it('is a ladder: no two folders may import each other', () => {
    const loops = [...floors].flatMap(([folder, allowed]) =>
      [...allowed].filter((other) => floors.get(other)?.has(folder)).map((other) => `${folder} <-> ${other}`),
    );
    expect(loops).toEqual([]);
  });

  it('imports each owned package only in the folders docs/architecture.md names for it', () => {
    const owners = documentedOwners(readFileSync(path.join(root, 'docs/architecture.md'), 'utf8'));
    expect(owners.get('puppeteer-core')).toEqual(new Set(['print']));
    const strays = packageImports(files)
      .filter(({ name, folder }) => owners.has(name) && !(folder && owners.get(name)!.has(folder)))
      .map(({ file, name }) => `${file}: imports ${name}`);
    expect(strays).toEqual([]);
  });

  it('catches an import that goes down the wrong way', () => {
    const edges: Edge[] = [{ file: 'src/deck/load-deck.ts', from: 'deck', to: 'impose' }];
    expect(forbidden(edges, floors)).toEqual(['src/deck/load-deck.ts: deck/ may not import impose/']);
  });
});
