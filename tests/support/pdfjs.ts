import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A PDF opened by pdf.js, the engine of Firefox's and many web viewers. */
export async function openWithPdfJs(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
}

/** One widget of a form field as pdf.js reports it (getFieldObjects). */
export interface PdfJsWidget {
  id: string;
  name: string;
  type: string;
  exportValues?: string;
  value?: unknown;
  items?: Array<{ exportValue: string; displayValue: string }>;
}

export async function fieldWidgets(doc: PDFDocumentProxy): Promise<PdfJsWidget[]> {
  const objects = (await doc.getFieldObjects()) ?? {};
  return Object.entries(objects).flatMap(([name, list]) =>
    (list as unknown as PdfJsWidget[]).filter((widget) => widget.type).map((widget) => ({ ...widget, name })),
  );
}

/**
 * Fills a form as a person does in a browser's viewer: each value goes into pdf.js's annotation
 * storage, then saveDocument writes the file (pdf.js draws the new appearances itself).
 * `valueFor` answers per widget: a string for text and dropdowns, true to tick a box or button.
 */
export async function fillWithPdfJs(
  bytes: Uint8Array,
  valueFor: (widget: PdfJsWidget) => string | boolean | undefined,
): Promise<Uint8Array> {
  const doc = await openWithPdfJs(bytes);
  try {
    for (const widget of await fieldWidgets(doc)) {
      const value = valueFor(widget);
      if (value !== undefined) doc.annotationStorage.setValue(widget.id, { value });
    }
    return await doc.saveDocument();
  } finally {
    await doc.destroy();
  }
}
