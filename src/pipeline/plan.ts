import type { LoadedDeck } from '../deck/load-deck.ts';
import { resolveLocale } from '../deck/resolve-locale.ts';
import type { Locale } from '../deck/schema.ts';
import type { SheetProfile, SheetVariant } from '../deck/sheet-profile-schema.ts';
import { hasDieLine } from '../deck/ui-keys.ts';
import { faceFileName } from '../deck/faces.ts';
import type { ImposeInput } from '../impose/impose-sheets.ts';
import { vendorSizeFor, type VendorPreset } from '../deck/vendor-presets.ts';
import { shopFilePrefix } from '../output/manifest.ts';
import { WEB_EDITION_FILE } from '../web/web-edition.ts';
import { PRINT_KIT_FILE, PRINT_PAGE_FILE, printKitVariantFile } from '../print-page/print-kit.ts';

/** What the fit pass measures against, in points: one place derives it from the deck. */
export interface FitSettings {
  minFontPt: number;
  bleedPt: number;
  safePt: number;
}

/** One file of a set: its name in the folder and its label on the download page. */
export interface PlannedFile {
  file: string;
  label: string;
}

export interface PlannedSheets extends PlannedFile {
  profileName: string;
  profile: SheetProfile;
  variant: SheetVariant;
  /** The PDF's title, in the deck's language: the deck and the file's label. */
  title: string;
  /** The CMYK press file made from these sheets (--cmyk, standard press sheets only). */
  cmyk?: PlannedFile;
  /** The die file of these sheets: each card's cut contour (press profiles of a deck with a corner radius). */
  die?: PlannedFile;
  /** The print-and-cut file of these sheets: the sheets with the die's cut contour over every fronts page (wherever there is a die file). */
  printAndCut?: PlannedFile;
  /** The print-and-cut file in CMYK, as the CMYK press file is (--cmyk, wherever there is a print-and-cut file). */
  printAndCutCmyk?: PlannedFile;
}

/** A print-on-demand vendor's upload: one PDF (`file`), or one PNG per face in the folder `file`. */
export interface PlannedVendor extends PlannedFile {
  preset: VendorPreset;
  /** The vendor's size the deck's cards are printed at (points). */
  size: { name: string; width: number; height: number };
  /** Pages of cards.pdf (front 2i, back 2i + 1 for card i), in the vendor's order. */
  pages: number[];
  /** For PNG vendors: the file name of each page, in the same order. */
  pngNames?: string[];
}

/** Everything one deck x language set will make, named before anything is made. */
export interface SetPlan {
  deck: LoadedDeck;
  language: string;
  /** How the log and errors name the set: `swan [nl]`. */
  name: string;
  locale: Locale;
  title: string;
  /** The words of the slug line on every imposed sheet and the print page's sheets. */
  slug: ImposeInput['slug'];
  fit: FitSettings;
  /** The face variants the sheets need, standard first (cards.pdf is always standard). */
  variants: SheetVariant[];
  cards: PlannedFile;
  /** Every card as accessible HTML, for screen readers and learning platforms. */
  web: PlannedFile;
  sheets: PlannedSheets[];
  /** Uploads for print-on-demand vendors (--vendor). */
  vendors: PlannedVendor[];
  /** The print page's kit of this set (school profiles only): print-kit.js, print-kit-<variant>.js for the other inks, print-page.json. */
  printKit?: PlannedFile[];
  worksheet?: PlannedFile;
  previews?: { contactSheet: PlannedFile; faceNames: string[] };
  preflight: PlannedFile;
  manifest: PlannedFile;
  /** Texts shown in the source language because this one lacks them (--allow-missing). */
  fallbacks: string[];
  /** Translations printed although unfinished or stale (--allow-unfinished). */
  unfinished: UnfinishedPrint[];
}

/** One unfinished translation a build prints: its key, its state (stale, fuzzy, same as source …) and file:line. */
export interface UnfinishedPrint {
  key: string;
  state: string;
  at: string;
}

export interface PlanOptions {
  previews: boolean;
  cmyk: boolean;
  /** Vendor presets by id (templates/vendors/<id>.yaml). */
  vendors?: Map<string, VendorPreset>;
  /** The unfinished translations of this language that --allow-unfinished lets print. */
  unfinished?: UnfinishedPrint[];
}

export function fitSettings(deck: LoadedDeck): FitSettings {
  return { minFontPt: deck.meta.minFontSize, bleedPt: deck.meta.bleed, safePt: deck.meta.safeZone };
}

/** Deck x language -> the named outputs: file names, labels and titles, each decided here once. */
export function planSet(deck: LoadedDeck, language: string, options: PlanOptions): SetPlan {
  const locale = resolveLocale(deck, language);
  const text = (key: string) => locale.ui[key] ?? key;
  const title = locale.deck.title ?? deck.meta.id;
  const shopFile = (name: string) => `${shopFilePrefix(deck.meta.id, language)}${name}`;
  const sheets: PlannedSheets[] = [];
  for (const [profileName, profile] of deck.profiles) {
    const paper = typeof profile.sheet === 'string' ? profile.sheet : profileName;
    const kind = profile.kind === 'press' ? text('file-press') : profile.foldOver ? text('file-fold-over') : text('file-school');
    // Two press files of one paper differ in how they print: work-and-turn says so.
    const plates = profile.duplex?.plates === 'work-and-turn' ? text('file-work-and-turn') : undefined;
    const details = (variant?: string) => [paper, plates, variant ? text(`file-${variant}`) : undefined].filter(Boolean).join(', ');
    const label = (variant?: string) => `${kind} (${details(variant)})`;
    for (const variant of profile.variants) {
      const base = shopFile(`sheets-${profileName}${variant === 'standard' ? '' : `-${variant}`}`);
      const inCmyk = options.cmyk && profile.kind === 'press' && variant === 'standard';
      // The PDF/X the file is, from its profile: a shop asking for X-1a sees X-1a.
      const cmykLabel = (what?: string) =>
        `${kind} (${[paper, plates, what ? text(`file-${what}`) : undefined, text('file-cmyk'), profile.pdfx].filter(Boolean).join(', ')})`;
      const cmyk = inCmyk ? { file: `${base}-cmyk.pdf`, label: cmykLabel() } : undefined;
      const cut = hasDieLine(deck.meta, profile) && variant === 'standard';
      // The die file holds lines only: it is named a die line, never press sheets.
      const die = cut ? { file: `${base}-die.pdf`, label: `${text('file-die')} (${details()})` } : undefined;
      const printAndCut = cut ? { file: `${base}-print-and-cut.pdf`, label: label('print-and-cut') } : undefined;
      const printAndCutCmyk = cut && inCmyk ? { file: `${base}-print-and-cut-cmyk.pdf`, label: cmykLabel('print-and-cut') } : undefined;
      const sheetLabel = label(variant === 'standard' ? undefined : variant);
      sheets.push({
        file: `${base}.pdf`,
        label: sheetLabel,
        profileName,
        profile,
        variant,
        title: `${title}: ${sheetLabel}`,
        cmyk,
        die,
        printAndCut,
        printAndCutCmyk,
      });
    }
  }
  const faceNames = deck.cards.flatMap((card) => [faceFileName(deck.cards, card.id, 'front'), faceFileName(deck.cards, card.id, 'back')]);
  const vendors = [...(options.vendors ?? [])].map(([id, preset]) => planVendor(id, preset, deck, faceNames, shopFile));
  const variants = ['standard' as const, ...new Set(sheets.map((sheet) => sheet.variant).filter((variant) => variant !== 'standard'))];
  return {
    deck,
    language,
    name: `${deck.meta.id} [${language}]`,
    locale,
    title,
    slug: {
      deck: title,
      language,
      sheet: locale.ui.sheet ?? 'sheet',
      front: locale.ui['front-side'] ?? 'fronts',
      back: locale.ui['back-side'] ?? 'backs',
    },
    fit: fitSettings(deck),
    variants,
    cards: { file: shopFile('cards.pdf'), label: text('file-cards') },
    web: { file: WEB_EDITION_FILE, label: text('file-web') },
    sheets,
    vendors,
    printKit: [...deck.profiles.values()].some((profile) => profile.kind === 'school')
      ? [PRINT_KIT_FILE, ...variants.filter((variant) => variant !== 'standard').map(printKitVariantFile), PRINT_PAGE_FILE].map((file) => ({
          file,
          label: file,
        }))
      : undefined,
    worksheet: deck.meta.worksheet ? { file: shopFile(`${deck.meta.worksheet.template}.pdf`), label: text('file-worksheet') } : undefined,
    previews: options.previews
      ? {
          contactSheet: { file: 'contact-sheet.png', label: text('file-contact-sheet') },
          faceNames,
        }
      : undefined,
    preflight: { file: 'preflight.txt', label: 'preflight.txt' },
    manifest: { file: 'manifest.json', label: text('file-manifest') },
    fallbacks: deck.locales.get(language)?.fallbacks ?? [],
    unfinished: options.unfinished ?? [],
  };
}

/** The files the manifest lists, in the order the download page shows them. */
export function listedFiles(plan: SetPlan): PlannedFile[] {
  return [
    plan.cards,
    plan.web,
    ...plan.sheets.flatMap((sheet) => [
      sheet,
      ...(sheet.cmyk ? [sheet.cmyk] : []),
      ...(sheet.die ? [sheet.die] : []),
      ...(sheet.printAndCut ? [sheet.printAndCut] : []),
      ...(sheet.printAndCutCmyk ? [sheet.printAndCutCmyk] : []),
    ]),
    ...plan.vendors.filter((vendor) => vendor.preset.output.kind === 'pdf'),
    ...(plan.printKit ?? []),
    ...(plan.worksheet ? [plan.worksheet] : []),
    ...(plan.previews ? [plan.previews.contactSheet] : []),
  ];
}

/**
 * One vendor's upload for a deck: its size (or a BuildError naming the sizes it offers), the pages
 * in its order (a PDF vendor that takes the printed deck gets each card as often as its count) and
 * the names of the PNGs.
 */
function planVendor(
  id: string,
  preset: VendorPreset,
  deck: LoadedDeck,
  faceNames: string[],
  shopFile: (name: string) => string,
): PlannedVendor {
  const size = vendorSizeFor(preset, deck.meta.id, deck.meta.cardSize);
  const label = `${preset.name} (${size.name})`;
  const { output } = preset;
  if (output.kind === 'png') {
    const pages = deck.cards.flatMap((_, i) => [2 * i, 2 * i + 1]);
    return {
      file: shopFile(`vendor-${id}`),
      label,
      preset,
      size,
      pages,
      pngNames: pages.map((page) => shopFile(`${faceNames[page]}.png`)),
    };
  }
  const pages = deck.cards.flatMap((card, i) => {
    const sides = output.order === 'front-back' ? [2 * i, 2 * i + 1] : [2 * i + 1, 2 * i];
    return Array.from({ length: output.copies ? card.count : 1 }, () => sides).flat();
  });
  return { file: shopFile(`vendor-${id}.pdf`), label, preset, size, pages };
}
