/** One-based position for numbered lists: {{number @index}}. */
export function numberHelper(index: unknown): number {
  return Number(index) + 1;
}
