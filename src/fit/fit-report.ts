import type { Face } from '../deck/faces.ts';
import type { LoadedLocale } from '../deck/load-deck.ts';
import { problemAtPath } from '../deck/yaml-source.ts';
import { formatProblem } from '../shared/errors.ts';
import type { FitResult } from './fit-result.ts';

/**
 * What the fit pass found, in words that name deck, card, language and field, each led by the
 * file:line:col of the text in the locale (when `locale` is given) so an editor jumps to it.
 */
export function fitFailures(deckId: string, language: string, faces: Face[], fit: FitResult, locale?: LoadedLocale, templateFile?: (face: Face) => string): string[] {
  const byId = new Map(faces.map((face) => [face.id, face]));
  const failures: string[] = [];
  for (const result of fit.faces) {
    const face = byId.get(result.id);
    const where = face?.cardId ? `card ${face.cardId} (${face.side})` : `back of category ${face?.category ?? result.id}`;
    for (const box of result.boxes.filter((b) => b.overflow)) {
      failures.push(
        `${located(locale, face, box.field)}${deckId} [${language}] ${where}: text in field "${box.field}" does not fit, even with its text at ${box.textPt.toFixed(1)} pt, the minimum; shorten it or change the template`,
      );
    }
    for (const outside of result.outside) {
      // What the template places, not a text of the locale: led by the template's file.
      const template = face && templateFile ? `${formatProblem({ file: templateFile(face), line: 1, col: 1, severity: 'error', message: '' }).split('\n')[0]!.replace(/ $/, '')} ` : '';
      failures.push(`${template}${deckId} [${language}] ${where}: "${outside.field}" reaches ${outside.byPt.toFixed(1)} pt outside the safe zone; move it in, or give the deck a smaller safeZone`);
    }
  }
  return failures;
}

/** `file:line:col: ` of a field's text: the card's (or category's) own key when it has one, else the card's entry. */
function located(locale: LoadedLocale | undefined, face: Face | undefined, field: string | undefined): string {
  if (!locale || !face) return '';
  const owner = face.cardId ? ['cards', face.cardId] : ['categories', face.category];
  const texts = face.cardId ? locale.locale.cards[face.cardId] : locale.locale.categories[face.category];
  const path = field && texts && Object.hasOwn(texts, field) ? [...owner, field] : owner;
  return `${formatProblem(problemAtPath(locale.source, path, '')).split('\n')[0]!.replace(/ $/, '')} `;
}

/** Faces whose text was shrunk, for the build log and the manifest. */
export function shrunkFaces(fit: FitResult): Array<{ face: string; scale: number }> {
  return fit.faces.flatMap((face) => {
    const scale = Math.min(...face.boxes.map((box) => box.scale));
    return scale < 0.999 ? [{ face: face.id, scale: Math.round(scale * 1000) / 1000 }] : [];
  });
}
