import { plainCardName } from '../deck/card-heading.ts';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaceGeometry } from '../deck/face-geometry.ts';
import type { LoadedDeck } from '../deck/load-deck.ts';
import type { Card, Locale } from '../deck/schema.ts';
import { ptToMm } from '../deck/units.ts';
import type { SheetProfile, SheetVariant } from '../deck/sheet-profile-schema.ts';
import type { CoverText } from '../impose/cover.ts';
import { schoolProfile, slugLabel, type PrintKit, type PrinterChoice } from '../impose/school-pdf.ts';
import { sheetFontFiles } from '../impose/sheet-font-file.ts';
import { planSheet } from '../impose/sheet-plan.ts';
import type { SchoolLayout } from './school-choices.ts';

export const PRINT_KIT_FILE = 'print-kit.js';

/** The faces of one more ink variant, loaded by the print page only when a teacher chooses that ink. */
export function printKitVariantFile(variant: SheetVariant): string {
  return `print-kit-${variant}.js`;
}

/** The print page's own files of a set: not listed for people, the page reads them. */
export function isPrintPageFile(file: string): boolean {
  return file === PRINT_PAGE_FILE || file === PRINT_KIT_FILE || /^print-kit-[a-z-]+\.js$/.test(file);
}
/** What the print page shows of a set, read by the build when it writes dist/index.html. */
export const PRINT_PAGE_FILE = 'print-page.json';

export interface PrintPageSet {
  deck: string;
  /** The deck's place on the page (deck.yaml `order`): the page opens on the first deck. */
  order?: number;
  language: string;
  /** The deck's languages in its own order (deck.yaml `languages`): the page lists this set's language at its place. */
  languages: string[];
  title: string;
  subtitle: string;
  languageName: string;
  direction: 'ltr' | 'rtl';
  /** The deck's ui strings (page-*, print-*, file-*), in its language. */
  text: Record<string, string>;
  /** Each card with the copies a set holds. */
  cards: Array<{ id: string; title: string; count: number }>;
  papers: string[];
  /** How each paper and printer lays the cards out: the page counts sheets and pages before making the PDF. */
  layouts: Record<string, Partial<Record<PrinterChoice, SchoolLayout>>>;
  inks: SheetVariant[];
  /** Whether some school profile of the deck is a duplex one (the calibration steps apply). */
  duplex: boolean;
}

/** The cover's words for one kind of printer, in the deck's language. */
export function coverText(locale: Locale, printer: PrinterChoice): CoverText {
  const ui = locale.ui;
  const steps =
    printer === 'fold-over'
      ? [ui['print-fold-over'], ui['print-scale'], ui['print-cut']]
      : [
          printer === 'short-edge' ? ui['print-duplex-short-edge'] : ui['print-duplex-long-edge'],
          ui['print-scale'],
          ui['print-calibrate'],
          ui['print-cut'],
        ];
  return {
    title: locale.deck.title ?? '',
    subtitle: locale.deck.subtitle ?? '',
    heading: ui['print-heading'] ?? '',
    steps: steps.filter((step): step is string => Boolean(step)),
    calibration: ui['print-calibration'] ?? '',
  };
}

/** The slug's words for the teacher's choices, in the deck's language. */
export function slugWords(locale: Locale): PrintKit['slugWords'] {
  const ui = locale.ui;
  return {
    printers: {
      'long-edge': ui['print-slug-long-edge'] ?? 'double-sided, long edge',
      'short-edge': ui['print-slug-short-edge'] ?? 'double-sided, short edge',
      'fold-over': ui['print-slug-fold-over'] ?? 'fold-over',
    },
    correction: ui['print-slug-correction'] ?? 'read {x} / {y} \u00b7 backs {moves}',
    sides: {
      right: ui['print-slug-right'] ?? 'right',
      left: ui['print-slug-left'] ?? 'left',
      above: ui['print-slug-above'] ?? 'above',
      below: ui['print-slug-below'] ?? 'below',
    },
    moves: {
      left: ui['page-move-left'] ?? '{mm} mm to the left',
      right: ui['page-move-right'] ?? '{mm} mm to the right',
      up: ui['page-move-up'] ?? '{mm} mm up',
      down: ui['page-move-down'] ?? '{mm} mm down',
      and: ui['page-and'] ?? 'and',
      none: ui['print-slug-unmoved'] ?? 'not moved',
    },
  };
}

/** What the slug of a ready-made school file calls its sheets: the paper, the printer, the correction built in. */
export function schoolSlugName(locale: Locale, language: string, profile: SheetProfile): string {
  const offset = profile.duplex?.backOffset ?? { x: 0, y: 0 };
  return slugLabel(
    { language, slugWords: slugWords(locale) },
    {
      paper:
        typeof profile.sheet === 'string'
          ? profile.sheet
          : `${Math.round(ptToMm(profile.sheet.width))} x ${Math.round(ptToMm(profile.sheet.height))} mm`,
      printer: printerOf(profile),
      offsetMm: { x: ptToMm(offset.x), y: ptToMm(offset.y) },
    },
  );
}

/** How each paper and printer the deck's school profiles serve lays `geometry`'s cards out. */
function schoolLayouts(
  profiles: Record<string, SheetProfile>,
  papers: string[],
  printers: PrinterChoice[],
  geometry: FaceGeometry,
): PrintPageSet['layouts'] {
  return Object.fromEntries(
    papers.map((paper) => [
      paper,
      Object.fromEntries(
        printers.map((printer) => {
          const { profile } = schoolProfile({ profiles }, { paper: paper as 'A4' | 'Letter', printer, offsetMm: { x: 0, y: 0 } });
          const plan = planSheet(profile, geometry);
          const layout: SchoolLayout = {
            perSheet: plan.slots.length,
            pagesPerSheet: plan.fold ? 1 : 2,
            cover: Boolean(profile.cover),
            copies: Boolean(profile.copies),
          };
          return [printer, layout];
        }),
      ),
    ]),
  );
}

/** The printer a school profile is made for. */
export function printerOf(profile: SheetProfile): PrinterChoice {
  return profile.foldOver ? 'fold-over' : (profile.duplex?.flip ?? 'long-edge');
}

export interface PrintKitInput {
  deck: LoadedDeck;
  language: string;
  locale: Locale;
  geometry: FaceGeometry;
  order: Array<{ card: Card; front: number; back: number }>;
  faces: Map<SheetVariant, Uint8Array>;
  slug: PrintKit['slug'];
}

/**
 * Writes print-kit.js, a print-kit-<variant>.js for each other ink, and print-page.json into the
 * set's folder. The kits are scripts (a page opened from file:// may load a script where it may not
 * fetch): print-kit.js registers the set's PrintKit with the full-colour faces, each variant's adds
 * its faces to it, so a teacher's browser loads only the ink chosen (a third of the faces).
 */
export async function writePrintKit(outDir: string, input: PrintKitInput): Promise<string[]> {
  const { deck, locale, language } = input;
  const title = locale.deck.title ?? deck.meta.id;
  const profiles = Object.fromEntries([...deck.profiles].filter(([, profile]) => profile.kind === 'school'));
  const printers: PrinterChoice[] = ['long-edge', 'short-edge', 'fold-over'];
  const covers = Object.fromEntries(printers.map((printer) => [printer, coverText(locale, printer)])) as Record<PrinterChoice, CoverText>;
  const words = slugWords(locale);
  const everything = [
    ...Object.values(covers).flatMap((c) => [c.title, c.subtitle, c.heading, c.calibration, ...c.steps]),
    ...Object.values(input.slug),
    ...Object.values(words.printers),
    words.correction,
    ...Object.values(words.sides),
    ...Object.values(words.moves),
    'A4 Letter 0123456789 ·/+\u2212.,()',
  ].join('');
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const fontFiles = sheetFontFiles(deck.fonts);
  const kit: PrintKit = {
    deck: deck.meta.id,
    language,
    direction: locale.language.direction ?? 'ltr',
    title,
    geometry: input.geometry,
    // Named as the web edition heads them: by title, else first text; a card with no text by its category and place.
    cards: input.order.map(({ card, front, back }, index) => ({
      id: card.id,
      title:
        plainCardName(deck.templates, card, locale.cards[card.id] ?? {}) ??
        `${locale.categories[card.category]?.name ?? card.category} ${index + 1}`,
      front,
      back,
      count: card.count,
    })),
    faces: { standard: base64(input.faces.get('standard')!) },
    profiles,
    slug: input.slug,
    covers,
    fileTitles: {
      duplex: locale.ui['file-school'] ?? 'School sheets',
      foldOver: locale.ui['file-fold-over'] ?? 'Fold-over sheets',
      inks: {
        standard: locale.ui['page-ink-standard'] ?? 'Full colour',
        'low-ink': locale.ui['page-ink-low'] ?? 'Low ink',
        grayscale: locale.ui['page-ink-gray'] ?? 'Grayscale',
      },
      sets: locale.ui['print-file-sets'] ?? 'sets: {sets}',
      subject: locale.ui['print-file-subject'] ?? '{sheets} sheets, {cards} cards per sheet',
    },
    slugWords: words,
    fonts: { 400: (await fontFiles(400, everything)).map(base64), 700: (await fontFiles(700, everything)).map(base64) },
  };
  const key = `${deck.meta.id}/${language}`;
  await writeFile(
    path.join(outDir, PRINT_KIT_FILE),
    `(window.kaartensetKits = window.kaartensetKits || {})[${JSON.stringify(key)}] = ${JSON.stringify(kit)};\n`,
  );
  const variants = [...input.faces.keys()].filter((variant) => variant !== 'standard');
  for (const variant of variants) {
    const faces = JSON.stringify(base64(input.faces.get(variant)!));
    await writeFile(
      path.join(outDir, printKitVariantFile(variant)),
      `window.kaartensetKits[${JSON.stringify(key)}].faces[${JSON.stringify(variant)}] = ${faces};\n`,
    );
  }
  const schoolProfiles = Object.values(profiles);
  const papers = [
    ...new Set(
      schoolProfiles
        .map((profile) => (typeof profile.sheet === 'string' ? profile.sheet : ''))
        .filter((paper) => paper === 'A4' || paper === 'Letter'),
    ),
  ];
  const duplex = schoolProfiles.some((profile) => profile.duplex);
  const view: PrintPageSet = {
    deck: deck.meta.id,
    order: deck.meta.order,
    language,
    languages: deck.meta.languages,
    title,
    subtitle: locale.deck.subtitle ?? '',
    languageName: locale.language.name ?? language,
    direction: locale.language.direction ?? 'ltr',
    text: Object.fromEntries(
      Object.entries(locale.ui).filter(
        (entry): entry is [string, string] => /^(page|print|file)-/.test(entry[0]) && typeof entry[1] === 'string',
      ),
    ),
    cards: kit.cards.map(({ id, title: cardTitle, count }) => ({ id, title: cardTitle, count })),
    papers,
    layouts: schoolLayouts(profiles, papers, duplex ? printers : ['fold-over'], input.geometry),
    inks: [...input.faces.keys()],
    duplex,
  };
  await writeFile(path.join(outDir, PRINT_PAGE_FILE), `${JSON.stringify(view, null, 2)}\n`);
  return [PRINT_KIT_FILE, ...variants.map(printKitVariantFile), PRINT_PAGE_FILE];
}
