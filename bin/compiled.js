// The CLI runs from JavaScript compiled ahead of time into .compiled/, one file per source file,
// so a command does not pay for transpiling the whole library on every start. The compiled tree
// mirrors src/ at the same depth, so paths the code builds from import.meta.url stay true.
// It is rebuilt when any file under src/ changed (names, sizes and modification times), which
// keeps a fresh clone and an edited checkout correct without a separate build command.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(REPO, 'src');
export const COMPILED = path.join(REPO, '.compiled');
const STAMP = '.fingerprint';

function sourceFiles(dir = SOURCE) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** What the compiled tree was made from: every source file's name, size and modification time. */
function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const info = statSync(file);
    hash.update(`${path.relative(SOURCE, file)}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The compiled CLI's path, compiling first when the sources changed; undefined when it cannot be written. */
export async function compiledEntry() {
  const files = sourceFiles();
  const wanted = fingerprint(files);
  const entry = path.join(COMPILED, 'cli.js');
  const current = existsSync(path.join(COMPILED, STAMP)) ? readFileSync(path.join(COMPILED, STAMP), 'utf8') : '';
  if (current === wanted) return entry;
  try {
    await compile(files, wanted);
    return entry;
  } catch {
    return undefined;
  }
}

/** Compiles beside the old tree, then swaps it in, so a run in parallel never sees half a tree. */
async function compile(files, stamp) {
  const { build } = await import('esbuild');
  const staging = `${COMPILED}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const scripts = files.filter((file) => file.endsWith('.ts'));
  await build({
    entryPoints: scripts,
    outdir: staging,
    outbase: SOURCE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    // Each file stays its own module: a relative import is kept, pointing at the compiled sibling.
    plugins: [{
      name: 'keep-modules',
      setup(builder) {
        builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
      },
    }],
  });
  for (const file of files.filter((file) => !file.endsWith('.ts'))) {
    const target = path.join(staging, path.relative(SOURCE, file));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  writeFileSync(path.join(staging, STAMP), stamp);
  // Another run may have compiled the same sources meanwhile: then its tree stays.
  if (existsSync(path.join(COMPILED, STAMP)) && readFileSync(path.join(COMPILED, STAMP), 'utf8') === stamp) {
    rmSync(staging, { recursive: true, force: true });
    return;
  }
  const old = `${COMPILED}.old.${process.pid}`;
  if (existsSync(COMPILED)) renameSync(COMPILED, old);
  try {
    renameSync(staging, COMPILED);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}
