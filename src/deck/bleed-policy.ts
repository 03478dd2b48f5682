import { mmToPt, ptToMm } from './units.ts';

/**
 * The bleed kaartenset recommends and `kaartenset new` writes: what most print shops ask (3 mm in
 * Europe; the US 0.125 in is a little more), and what preflight holds a PDF to that does not say
 * what it is made with. A deck may choose any bleed from 0 up (its print shop may ask 2 mm); every
 * file the build makes declares the bleed it carries, and preflight holds the file to that.
 */
export const RECOMMENDED_BLEED_PT = mmToPt(3);

/** Lengths in messages: 2, 2.5, 3.17 (mm). */
function mm(pt: number): string {
  return String(Number(ptToMm(pt).toFixed(2)));
}

/** A length one may write to have at least `pt`: 0.125in is 3.175 mm, so 3.18. */
function mmAtLeast(pt: number): string {
  return String(Math.ceil(Number((ptToMm(pt) * 100).toFixed(6))) / 100);
}

/** Why a deck's bleed cannot be, or undefined: any bleed from 0 up can. */
export function bleedProblem(bleedPt: number): string | undefined {
  if (bleedPt >= 0) return undefined;
  return `bleed ${mm(bleedPt)} mm is negative: write how far the artwork runs past the trim, 3mm as most print shops ask (0.125in in the US), or 0mm for none`;
}

/**
 * Why a sheet profile cannot print the deck's bleed where its cards meet, or undefined: each card
 * keeps half the gutter, so a gutter between 0 (cards butt and share their cuts) and twice the
 * bleed gives every card on that sheet less bleed than the deck's.
 */
export function gutterProblem(profile: string, gutterPt: number, bleedPt: number): string | undefined {
  if (gutterPt === 0 || gutterPt >= 2 * bleedPt - 0.01) return undefined;
  return `sheet profile "${profile}" (templates/sheets/${profile}.yaml) has a ${mm(gutterPt)} mm gutter, which leaves each card ${mm(gutterPt / 2)} mm of this ${mm(bleedPt)} mm bleed where neighbours meet: its sheets are made and preflighted with ${mm(gutterPt / 2)} mm. For the full bleed give that profile a gutter of 0mm (cards butt and share their cuts) or at least ${mm(2 * bleedPt)}mm`;
}

/**
 * How much less bleed than a vendor asks a deck may have: its faces are scaled up just enough to
 * cover the vendor's trim and bleed (vendor-pages.ts), so a 3 mm deck on a vendor asking 1/8 in is
 * cut under 0.2 mm inside its trim; 0.5 mm short keeps that cut within half a millimetre.
 */
const VENDOR_BLEED_SHORTFALL_PT = mmToPt(0.5);

/** Why a print-on-demand vendor cannot take the deck's bleed, or undefined: the faces carry too little of what it asks. */
export function vendorBleedProblem(vendor: string, vendorBleedPt: number, bleedPt: number): string | undefined {
  if (bleedPt >= vendorBleedPt - VENDOR_BLEED_SHORTFALL_PT - 0.01) return undefined;
  return `${vendor} asks ${mmAtLeast(vendorBleedPt)} mm of bleed and this deck has ${mm(bleedPt)} mm: its cards would be enlarged to fill the vendor's bleed and cut well inside their own trim. Write bleed: ${mmAtLeast(vendorBleedPt)}mm for this vendor (at least ${mmAtLeast(vendorBleedPt - VENDOR_BLEED_SHORTFALL_PT)}mm: the faces are scaled up the rest), or leave it out`;
}
