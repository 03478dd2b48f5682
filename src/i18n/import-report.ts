import type { ImportResult } from './translation-table.ts';

/**
 * What an import did, a line per string: changed, new, emptied in the file, current again, and
 * each that still does not print and why; then the counts, and what to do next.
 */
export function importReport(result: ImportResult, language: string, file: string): string[] {
  const lines: string[] = [];
  if (result.detected) lines.push(`read ${file} as ${result.detected}`);
  for (const change of result.changes) lines.push(`${change.from === null ? 'new    ' : 'changed'} ${change.key}: ${change.to}`);
  for (const key of result.emptied) lines.push(`emptied ${key}: empty in the file; the translation in the locale is kept`);
  for (const key of result.current) lines.push(`current ${key}: current again`);
  for (const stale of result.stale) lines.push(`${stale.state === 'stale' ? 'stale  ' : 'unfinished'} ${stale.key}: ${why(stale)}`);
  const added = result.changes.filter((change) => change.from === null).length;
  lines.push(
    `${result.changes.length - added} changed, ${added} new, ${result.emptied.length} emptied, ${result.current.length} current again, ${result.unchanged} unchanged, ${result.stale.length} not finished${result.dryRun ? ' (a dry run: nothing was written)' : ''}`,
  );
  if (result.stale.length > 0)
    lines.push(
      `Unfinished and stale translations do not print (a build stops on them, or prints them with --allow-unfinished): finish them, or run \`npx kaartenset i18n lock ${language} KEY…\` (or import again with --accept) once they are right.`,
    );
  return lines;
}

function why(stale: ImportResult['stale'][number]): string {
  if (stale.state === 'same as source') return 'the same as its source text: translate it, or confirm it per key with i18n lock';
  if (stale.state !== 'stale') return `marked ${stale.state} in the file`;
  return stale.translatedFrom === stale.source
    ? 'marked stale in the file'
    : `translated from "${stale.translatedFrom}", the source is now "${stale.source}"`;
}
