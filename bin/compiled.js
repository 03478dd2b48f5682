// The CLI runs from JavaScript compiled ahead of time into .compiled/: one bundle with the npm
// packages it uses inlined, split into chunks that load when a command first needs them. Node then
// resolves, reads and compiles a few files instead of hundreds (and never has to guess whether a
// package's file is CommonJS), which is most of what `--help`, `check` and a no-op build cost.
// Packages that are large, native, or load files of their own stay external and load from
// node_modules. Each module keeps its own location: import.meta.url and import.meta.dirname are
// replaced by its path under src/, so files beside it (browser scripts, starter files, .cache/)
// are found as when it runs from source. .compiled/meta.json says which sources each chunk holds.
// It is rebuilt when any file under src/ changed (names, sizes and modification times), which
// keeps a fresh clone and an edited checkout correct without a separate build command.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(REPO, 'src');
export const COMPILED = path.join(REPO, '.compiled');
const STAMP = '.fingerprint';
/**
 * The packages bundled in, with what they import: pure JavaScript that `check` and a no-op build
 * load. Every other package stays in node_modules and loads when first used, as many find files of
 * their own at run time (wasm, workers, fonts, native code).
 */
const BUNDLED = new Set(['commander', 'yaml', 'zod', 'handlebars', 'hyphen', 'p-limit', 'fast-xml-parser', 'pdf-lib', '@pdf-lib/fontkit']);

/** The package a bare import names: `zod/v4` is zod, `@scope/name/file` is @scope/name. */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function sourceFiles(dir = SOURCE) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** What the compiled tree was made from: every source file's name, size and modification time. */
function fingerprint(files) {
  const hash = createHash('sha256');
  // Paths are written into the bundle: a checkout moved elsewhere compiles again, as does a change to how it compiles.
  hash.update(`${REPO}\n`);
  hash.update(readFileSync(import.meta.filename));
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
    await compile(wanted);
    return entry;
  } catch {
    return undefined;
  }
}

/** Compiles beside the old tree, then swaps it in, so a run in parallel never sees half a tree. */
async function compile(stamp) {
  const { build } = await import('esbuild');
  const staging = `${COMPILED}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: { cli: path.join(SOURCE, 'cli.ts'), 'pdf-reader': path.join(SOURCE, 'pdf', 'pdf-reader.worker.ts') },
    // Where the PDF reader thread's script will be once this tree is in place (src/pdf/read-pages.ts).
    define: { PDF_READER_WORKER: JSON.stringify(path.join(COMPILED, 'pdf-reader.js')) },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // A package's ES module build where it has one: a module imported when first needed keeps its named exports.
    mainFields: ['module', 'main'],
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    // Source maps beside each chunk, without the sources (they are under src/): a bug's stack in the
    // crash log names the lines of src/, not of the bundle.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __kaartensetRequire } from 'node:module'; const require = __kaartensetRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'bundled-packages',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined;
            // A package file is only read when its package is bundled: what it imports is bundled with it.
            const bundled = BUNDLED.has(packageName(args.path)) || args.importer.includes(`${path.sep}node_modules${path.sep}`);
            return bundled ? undefined : { path: args.path, external: true };
          });
        },
      },
      {
        name: 'source-locations',
        setup(builder) {
          builder.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (!args.path.startsWith(SOURCE + path.sep)) return undefined;
            const text = (await readFile(args.path, 'utf8'))
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
            return { contents: text, loader: 'ts' };
          });
        },
      },
    ],
  });
  const chunks = Object.fromEntries(
    Object.entries(metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, output]) => [
        path.relative(staging, path.resolve(file)),
        Object.keys(output.inputs).map((input) => path.relative(REPO, path.resolve(input))),
      ]),
  );
  writeFileSync(path.join(staging, 'meta.json'), JSON.stringify(chunks, null, 1));
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
