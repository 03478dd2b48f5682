import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * What a bug leaves behind: not a stack on the terminal, but a log file with the whole of it, its
 * frames in src/ (the CLI runs a bundle: each frame is looked up in the bundle's source map, read
 * only now, so a run that does not crash pays nothing for it).
 */

/**
 * Where crash logs go: $XDG_STATE_HOME/kaartenset, else ~/.local/state/kaartenset (the XDG
 * default), else the system's temporary folder when neither can be made.
 */
export function crashLogFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return [path.join(state, 'kaartenset'), path.join(os.tmpdir(), 'kaartenset')];
}

export interface CrashReport {
  /** The log file written, or undefined when no folder would take it. */
  file?: string;
  /** The error's first line, for the one line on the terminal. */
  message: string;
}

/** Writes the log of an unexpected error; never throws. */
export function writeCrashLog(error: unknown, context: { version: string; argv: string[] }): CrashReport {
  const message = firstLine(error instanceof Error ? error.message || error.name : String(error)) || 'unknown error';
  const when = new Date();
  const text = [
    `kaartenset ${context.version}: internal error at ${when.toISOString()}`,
    `command: kaartenset ${context.argv.join(' ')}`,
    `working folder: ${process.cwd()}`,
    `node ${process.version} on ${process.platform} ${process.arch}`,
    '',
    describe(error),
    '',
  ].join('\n');
  const name = `crash-${when.toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`;
  for (const folder of crashLogFolders()) {
    try {
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, name);
      writeFileSync(file, text, { mode: 0o600 });
      return { file, message };
    } catch {
      // The next folder, then none.
    }
  }
  return { message };
}

/** The error with its stack in source lines, and each cause under it. */
function describe(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return `thrown: ${String(error)}`;
  const stack = mapStack(error.stack ?? `${error.name}: ${error.message}`);
  const cause = error.cause !== undefined && depth < 5 ? `\ncaused by: ${describe(error.cause, depth + 1)}` : '';
  return `${stack}${cause}`;
}

const maps = new Map<string, SourceMap | undefined>();

/** A source map beside a compiled file (`file.js.map`), or undefined. */
function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const mapFile = `${file}.map`;
      if (existsSync(mapFile)) {
        const payload = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
        // Sources are named relative to the map: made absolute here, so a frame names its file.
        payload.sources = payload.sources.map((source) => path.resolve(path.dirname(mapFile), payload.sourceRoot ?? '', source));
        map = new SourceMap(payload);
      }
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** Every `file:line:col` of a stack that lies in compiled code, replaced by where it is in the sources. */
export function mapStack(stack: string): string {
  return stack.replace(/((?:file:\/\/)?\/[^\s():]+\.m?js):(\d+):(\d+)/g, (whole, location: string, line: string, col: string) => {
    const file = location.startsWith('file:') ? fileURLToPath(location) : location;
    const map = sourceMapOf(file);
    const entry = map?.findEntry(Number(line) - 1, Number(col) - 1) as
      | { originalSource?: string; originalLine?: number; originalColumn?: number }
      | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    return `${location.startsWith('file:') ? pathToFileURL(source).href : source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
