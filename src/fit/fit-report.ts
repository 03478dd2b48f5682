import type { Face } from '../deck/faces.ts';
import type { LoadedLocale } from '../deck/load-deck.ts';
import { problemAtPath } from '../deck/yaml-source.ts';
import { fileProblem, type Location, type Problem } from '../shared/errors.ts';
import type { FitResult } from './fit-result.ts';

/**
 * What the fit pass found, as problems that name deck, card, language and field: text that cannot
 * fit is located at the line of the text in the locale (when `locale` is given) so an editor jumps
 * to it; what reaches outside the safe zone at the template that places it.
 */
export function fitProblems(
  deckId: string,
  language: string,
  faces: Face[],
  fit: FitResult,
  locale?: LoadedLocale,
  templateFile?: (face: Face) => string,
): Problem[] {
  const byId = new Map(faces.map((face) => [face.id, face]));
  const problems: Problem[] = [];
  for (const result of fit.faces) {
    const face = byId.get(result.id);
    const where = face?.cardId ? `card ${face.cardId} (${face.side})` : `back of category ${face?.category ?? result.id}`;
    for (const box of result.boxes.filter((b) => b.overflow)) {
      const location = located(locale, face, box.field);
      problems.push({
        code: 'text-overflow',
        severity: 'error',
        ...(location ? { location } : {}),
        message: `${deckId} [${language}] ${where}: text in field "${box.field}" does not fit, even with its text at ${box.textPt.toFixed(1)} pt, the minimum`,
        hint: 'shorten it or change the template',
      });
    }
    for (const outside of result.outside) {
      // What the template places, not a text of the locale: located at the template's file.
      const message = `${deckId} [${language}] ${where}: "${outside.field}" reaches ${outside.byPt.toFixed(1)} pt outside the safe zone`;
      const hint = 'move it in, or give the deck a smaller safeZone';
      problems.push(
        face && templateFile
          ? fileProblem('outside-safe-zone', templateFile(face), message, { hint })
          : { code: 'outside-safe-zone', severity: 'error', message, hint },
      );
    }
  }
  return problems;
}

/** Where a field's text is: the card's (or category's) own key when it has one, else the card's entry. */
function located(locale: LoadedLocale | undefined, face: Face | undefined, field: string | undefined): Location | undefined {
  if (!locale || !face) return undefined;
  const owner = face.cardId ? ['cards', face.cardId] : ['categories', face.category];
  const texts = face.cardId ? locale.locale.cards[face.cardId] : locale.locale.categories[face.category];
  const path = field && texts && Object.hasOwn(texts, field) ? [...owner, field] : owner;
  return problemAtPath('text-overflow', locale.source, path, '').location;
}

/** Faces whose text was shrunk, for the build log and the manifest. */
export function shrunkFaces(fit: FitResult): Array<{ face: string; scale: number }> {
  return fit.faces.flatMap((face) => {
    const scale = Math.min(...face.boxes.map((box) => box.scale));
    return scale < 0.999 ? [{ face: face.id, scale: Math.round(scale * 1000) / 1000 }] : [];
  });
}
