import { type PDFDocument, PDFName } from 'pdf-lib';
import { tagSubsetFontsByContent } from '../pdf/font-tags.ts';
import { limitToUnicodeBlocks } from '../pdf/to-unicode.ts';
import { bleedKeyword, minTextKeyword, workStyleKeyword, type DeclaredMinText, type WorkStyle } from '../pdf/work-style.ts';
import { buildDate } from '../shared/build-date.ts';
import { stabiliseStructureIds } from './structure-ids.ts';
import { savePdfDocument } from '../shared/pdf-document.ts';

export interface DocumentInfo {
  title: string;
  subject?: string;
  language: string;
  /** How the pages print (sides, plates), for a preflight that is not told. */
  workStyle?: WorkStyle;
  /** The bleed (pt) the file is made with: preflight holds it to that. */
  bleed?: number;
  /** The deck's minimum text size, for the cards' text in this file. */
  minText?: DeclaredMinText;
  /** More of what a preflight reads from the Keywords: how a sheet turns and the back offset its profile declares. */
  keywords?: string[];
}

/**
 * Stamps stable metadata and serialises; no creation time, no random ID, so bytes depend on input
 * only. Every subset font is named after its own content first (Chromium numbers its subsets
 * AAAAAA, BAAAAA, ... in every file; pdf-lib writes its fonts only when flushed): no two jobs hold
 * different fonts under one name. Each ToUnicode map is split into blocks a strict reader accepts,
 * and the structure elements' IDs are named by their order, not by Chromium's node counter.
 */
export async function saveDeterministic(doc: PDFDocument, info: DocumentInfo): Promise<Uint8Array> {
  await doc.flush();
  tagSubsetFontsByContent(doc);
  limitToUnicodeBlocks(doc);
  stabiliseStructureIds(doc);
  const date = buildDate();
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.subject) doc.setSubject(info.subject);
  const keywords = [
    ...(info.workStyle ? [workStyleKeyword(info.workStyle)] : []),
    ...(info.bleed !== undefined ? [bleedKeyword(info.bleed)] : []),
    ...(info.minText ? [minTextKeyword(info.minText)] : []),
    ...(info.keywords ?? []),
  ];
  if (keywords.length > 0) doc.setKeywords(keywords);
  doc.setLanguage(info.language);
  doc.setCreator('kaartenset');
  doc.setProducer('kaartenset (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.catalog.delete(PDFName.of('Metadata'));
  return savePdfDocument(doc, { updateFieldAppearances: false });
}
