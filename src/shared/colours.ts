/** Colour arithmetic for category colours; the CSS gets finished values so print never depends on it. */

export function parseHex(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

export function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The black of text (cards.css sets it on the body). Softer than #000 on screen; the CMYK press
 * file prints it, and any darker grey, as 100 % K so that text is never screened.
 */
export const TEXT_BLACK = '#1d1d1d';

/** White or near-black, whichever reads better on the colour. */
export function inkOn(hex: string): string {
  return contrastRatio(hex, '#ffffff') >= contrastRatio(hex, TEXT_BLACK) ? '#ffffff' : TEXT_BLACK;
}

export function mix(hex: string, other: string, weight: number): string {
  const a = parseHex(hex);
  const b = parseHex(other);
  return toHex([0, 1, 2].map((i) => a[i]! * weight + b[i]! * (1 - weight)) as [number, number, number]);
}

/** The grey of the same lightness, for grayscale print. */
export function toGrey(hex: string): string {
  const [r, g, b] = parseHex(hex);
  const grey = 0.299 * r + 0.587 * g + 0.114 * b;
  return toHex([grey, grey, grey]);
}
