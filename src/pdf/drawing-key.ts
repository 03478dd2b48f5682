import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext, type PDFObject, type PDFPageLeaf } from 'pdf-lib';
import { SUBSET_TAG } from './font-tags.ts';

/*
 * What a page or a form XObject draws, as one key: its content streams as stored, and its
 * resources followed through every reference down to the bytes of its fonts and images. Object
 * numbers and the document around it play no part, so a face drawn as a page of cards.pdf and the
 * same face embedded as a form on an imposed sheet have one key, and an interpreter reads both alike
 * (given the graphics state each starts in).
 */

const LENGTH = PDFName.of('Length');
const FILTER = PDFName.of('Filter');
const DECODE_PARMS = PDFName.of('DecodeParms');
const PROC_SET = PDFName.of('ProcSet');
const RESOURCES = PDFName.of('Resources');
const SUBTYPE = PDFName.of('Subtype');
const FORM = PDFName.of('Form');

export class DrawingKeys {
  /** Digests of the objects met so far, by reference: fonts are shared by every page that uses them. */
  private readonly digests = new Map<PDFRef, string>();

  constructor(private readonly context: PDFContext) {}

  /** A page's key; none for a page whose content is not all streams, or whose annotations would be drawn with it. */
  ofPage(page: PDFPageLeaf): string | undefined {
    const annotations = page.lookup(PDFName.of('Annots'));
    if (annotations && !(annotations instanceof PDFArray && annotations.size() === 0)) return undefined;
    const contents = page.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((item) => this.context.lookup(item)) : [contents];
    if (!streams.every((stream) => stream instanceof PDFRawStream)) return undefined;
    return this.key(streams as PDFRawStream[], page.Resources());
  }

  /** A form XObject's key; none for an object that is no form. */
  ofForm(object: PDFObject | undefined): string | undefined {
    if (!(object instanceof PDFRawStream) || object.dict.get(SUBTYPE) !== FORM) return undefined;
    return this.key([object], object.dict.lookup(RESOURCES));
  }

  private key(streams: PDFRawStream[], resources: PDFObject | undefined): string {
    const hash = createHash('sha256');
    for (const stream of streams) {
      // How the content is encoded belongs to it; a form's box and matrix do not: the reader follows those.
      hash.update(
        `stream ${this.digest(stream.dict.get(FILTER))} ${this.digest(stream.dict.get(DECODE_PARMS))} ${stream.contents.length}\n`,
      );
      hash.update(stream.contents);
    }
    hash.update(`resources ${resources instanceof PDFDict ? this.dictDigest(resources, true) : this.digest(resources)}`);
    return hash.digest('hex');
  }

  /**
   * An object written out canonically, references followed: each object behind a reference (and
   * each stream) stands as a hash of its own writing, so a font shared by every page is written out
   * once. Resources that name nothing (an empty font or XObject dictionary, which pdf-lib adds when
   * it embeds a page) and ProcSet (obsolete, read by no interpreter) are left out, as a reader sees
   * no difference.
   */
  private digest(object: PDFObject | undefined): string {
    if (object === undefined) return '-';
    if (object instanceof PDFRef) {
      const known = this.digests.get(object);
      if (known) return known;
      // A reference back to an object being written out (a parent link) stands as itself.
      this.digests.set(object, `ref ${object.toString()}`);
      const digest = sha(this.digest(this.context.lookup(object)));
      this.digests.set(object, digest);
      return digest;
    }
    if (object instanceof PDFDict) return this.dictDigest(object, false);
    if (object instanceof PDFArray)
      return `[${object
        .asArray()
        .map((item) => this.digest(item))
        .join(' ')}]`;
    if (object instanceof PDFRawStream) {
      return createHash('sha256')
        .update(`stream ${this.dictDigest(object.dict, false)}\n`)
        .update(object.contents)
        .digest('hex');
    }
    // A subset font's tag only tells subsets apart by name; what is drawn comes from the font
    // program, which is in the key. So Chromium's print and the same faces renamed after their
    // programs (box-faces.ts) have one key.
    if (object instanceof PDFName) return JSON.stringify(object.decodeText().replace(SUBSET_TAG, '+'));
    return `${object.constructor.name}${JSON.stringify(object.toString())}`;
  }

  private dictDigest(dict: PDFDict, resources: boolean): string {
    const entries = dict
      .entries()
      .filter(([name, value]) => name !== LENGTH && !(resources && (name === PROC_SET || isEmptyDict(this.context.lookup(value)))))
      .map(([name, value]) => `${JSON.stringify(name.decodeText())} ${this.digest(value)}`)
      .sort();
    return `<<${entries.join(' ')}>>`;
  }
}

function isEmptyDict(object: PDFObject | undefined): boolean {
  return object instanceof PDFDict && object.entries().length === 0;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
