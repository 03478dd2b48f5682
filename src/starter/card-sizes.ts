// Its own module, so the CLI can list the sizes in --help without loading the deck model.

/** Trim sizes by name: the common game-card formats. */
export const CARD_SIZES = {
  poker: { width: '63mm', height: '88mm' },
  bridge: { width: '57mm', height: '89mm' },
  tarot: { width: '70mm', height: '120mm' },
  a7: { width: '74mm', height: '105mm' },
} as const;
