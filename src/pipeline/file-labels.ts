import type { Locale } from '../deck/schema.ts';

/** A file's name in the deck's language, for the download page. */
export function fileLabel(file: string, ui: Locale['ui'], sheetNames: Map<string, { kind: string; paper: string; foldOver?: boolean }>): string {
  const text = (key: string) => ui[key] ?? key;
  if (file === 'cards.pdf') return text('file-cards');
  if (file === 'contact-sheet.png') return text('file-contact-sheet');
  if (file === 'manifest.json') return text('file-manifest');
  if (file.startsWith('invulblad') || file.startsWith('worksheet')) return text('file-worksheet');
  const match = /^sheets-(.+?)(?:-(low-ink|grayscale|cmyk))?\.pdf$/.exec(file);
  if (!match) return file;
  const profile = sheetNames.get(match[1]!);
  const base = profile?.kind === 'press' ? text('file-press') : profile?.foldOver ? text('file-fold-over') : text('file-school');
  const extras = [profile?.paper, match[2] ? text(`file-${match[2]}`) : undefined].filter(Boolean);
  return extras.length ? `${base} (${extras.join(', ')})` : base;
}
