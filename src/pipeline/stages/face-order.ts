import { listFaces, type Face } from '../../deck/faces.ts';
import { cardFaceOrder } from '../../cards/cards-pdf.ts';
import type { SetPlan } from '../plan.ts';

/** The faces' page numbers for each card, in print order. */
export function faceOrder(plan: SetPlan) {
  return cardFaceOrder(plan.deck.cards, listFaces(plan.deck.cards));
}

/** The face on each page of cards.pdf. */
export function cardsPdfFaces(plan: SetPlan): Face[] {
  const faces = listFaces(plan.deck.cards);
  return faceOrder(plan).flatMap(({ front, back }) => [faces[front]!, faces[back]!]);
}
