import type { Card } from './schema.ts';

/** One printed side of a card. Backs are shared by every card of a category. */
export interface Face {
  id: string;
  side: 'front' | 'back';
  category: string;
  cardId?: string;
  template: string;
}

export function listFaces(cards: Card[]): Face[] {
  const fronts: Face[] = cards.map((card) => ({
    id: `${card.id}/front`,
    side: 'front',
    category: card.category,
    cardId: card.id,
    template: card.template,
  }));
  const categories = [...new Set(cards.map((card) => card.category))];
  const backs: Face[] = categories.map((category) => ({ id: `back/${category}`, side: 'back', category, template: 'back' }));
  return [...fronts, ...backs];
}

/** Each card's front followed by its category's back: how a designer wants to see them. */
export function listFacePairs(cards: Card[]): Face[] {
  return cards.flatMap((card) => [
    { id: `${card.id}/front`, side: 'front' as const, category: card.category, cardId: card.id, template: card.template },
    { id: `${card.id}/back`, side: 'back' as const, category: card.category, cardId: card.id, template: 'back' },
  ]);
}

export function backFaceId(category: string): string {
  return `back/${category}`;
}

/** The name (no extension) of a card's face among a set's previews: 07-r1-security-front, in card order. */
export function faceFileName(cards: Card[], cardId: string, side: 'front' | 'back'): string {
  const index = cards.findIndex((card) => card.id === cardId);
  return `${String(index + 1).padStart(2, '0')}-${cardId}-${side}`;
}
