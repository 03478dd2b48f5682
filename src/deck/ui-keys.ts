import type { Deck } from './schema.ts';
import type { SheetProfile } from './sheet-profile-schema.ts';
import { UI_STRINGS } from './ui-strings.ts';

/**
 * The `ui` strings the stages print beyond those the card templates name (which the template
 * check finds itself): the slug line of a sheet, the school cover, the download page and its file
 * labels. A deck needs only those of the outputs it makes; `check` asks for exactly these, so a
 * build never prints a raw key or an empty cover. A test keeps this list in step with the stages.
 */
export const STAGE_UI_KEYS = {
  slug: ['sheet', 'front-side', 'back-side'],
  cover: ['print-heading', 'print-scale', 'print-calibrate', 'print-cut', 'print-calibration'],
  coverFlip: { 'long-edge': 'print-duplex-long-edge', 'short-edge': 'print-duplex-short-edge' },
  coverFoldOver: 'print-fold-over',
  foldOver: 'file-fold-over',
  index: ['download-title', 'file-cards', 'file-contact-sheet', 'file-manifest', 'file-web'],
  worksheet: 'file-worksheet',
  profileKind: { press: ['file-press', 'file-cmyk'], school: ['file-school'] },
  dieLine: ['file-die', 'file-print-and-cut'],
  workAndTurn: 'file-work-and-turn',
  variant: { standard: [], 'low-ink': ['file-low-ink'], grayscale: ['file-grayscale'] },
} as const;

/** The stage `ui` keys one deck's outputs need, in a stable order. */
export function stageUiKeys(meta: Pick<Deck, 'worksheet' | 'cornerRadius'>, profiles: Iterable<SheetProfile>): string[] {
  const keys = new Set<string>(STAGE_UI_KEYS.index);
  if (meta.worksheet) keys.add(STAGE_UI_KEYS.worksheet);
  for (const profile of profiles) {
    if (profile.foldOver) keys.add(STAGE_UI_KEYS.foldOver);
    else for (const key of STAGE_UI_KEYS.profileKind[profile.kind]) keys.add(key);
    if (hasDieLine(meta, profile)) for (const key of STAGE_UI_KEYS.dieLine) keys.add(key);
    if (profile.duplex?.plates === 'work-and-turn') keys.add(STAGE_UI_KEYS.workAndTurn);
    for (const variant of profile.variants) for (const key of STAGE_UI_KEYS.variant[variant]) keys.add(key);
    if (profile.slug) for (const key of STAGE_UI_KEYS.slug) keys.add(key);
    if (profile.cover) {
      for (const key of STAGE_UI_KEYS.cover) keys.add(key);
      keys.add(profile.foldOver ? STAGE_UI_KEYS.coverFoldOver : STAGE_UI_KEYS.coverFlip[profile.duplex?.flip ?? 'long-edge']);
    }
  }
  return [...keys];
}

/** Whether the build writes a die file (and a print-and-cut file) for this profile: a press profile of a deck that gives its corner radius. */
export function hasDieLine(meta: Pick<Deck, 'cornerRadius'>, profile: SheetProfile): boolean {
  return meta.cornerRadius !== undefined && profile.kind === 'press' && !profile.foldOver;
}

const STAGE_KEYS = new Set<string>(
  Object.values(STAGE_UI_KEYS).flatMap(function flat(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    return Object.values(value as object).flatMap(flat);
  }),
);

/**
 * The shipped `ui` strings one deck prints: the labels its card templates declare, the stage
 * strings its outputs need, and those of the print page, the school PDF and the web edition,
 * which every deck has. These are the ui strings a translation of the deck is asked for.
 */
export function shippedUiKeys(
  meta: Pick<Deck, 'worksheet' | 'cornerRadius'>,
  profiles: Iterable<SheetProfile>,
  templateLabels: Iterable<string>,
): string[] {
  const stage = new Set(stageUiKeys(meta, profiles));
  const labels = new Set(templateLabels);
  return UI_STRINGS.filter(({ key, place }) => (place === 'card' ? labels.has(key) : STAGE_KEYS.has(key) ? stage.has(key) : true)).map(
    ({ key }) => key,
  );
}
