import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import { PNG } from 'pngjs';

/** PDFium's key codes and render flags (fpdf_fwlevent.h, fpdfview.h). */
const VKEY_TAB = 0x09;
const RENDER_ANNOT = 0x01;

let module: Promise<WrappedPdfiumModule> | undefined;

/** The WebAssembly memory as bytes; read it afresh after each call, since it moves when it grows. */
const heap = (lib: WrappedPdfiumModule) => (lib.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8;

/** PDFium, the engine of Chrome's and Edge's PDF viewers, as WebAssembly: loaded once per test file. */
function pdfium(): Promise<WrappedPdfiumModule> {
  module ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
    const loaded = await init({ wasmBinary: (await readFile(wasm)).buffer as ArrayBuffer });
    loaded.PDFiumExt_Init();
    return loaded;
  })();
  return module;
}

/** A field's widget on a page as PDFium sees it: its name and its rectangle in page space. */
export interface PdfiumWidget {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * A PDF opened in PDFium with its form-fill environment: what a person does in Chrome's viewer
 * (click a field, type, Tab, leave the field) goes through the viewer's own calls, FORM_OnLButtonDown,
 * FORM_OnChar, FORM_OnKeyDown and FORM_ForceToKillFocus, and save() writes the file as Chrome's
 * "Save" does (FPDF_SaveAsCopy).
 */
export class PdfiumForm {
  private readonly pages = new Map<number, number>();

  private constructor(
    private readonly lib: WrappedPdfiumModule,
    private readonly buffer: number,
    private readonly doc: number,
    private readonly formInfo: number,
    private readonly form: number,
  ) {}

  static async open(bytes: Uint8Array): Promise<PdfiumForm> {
    const lib = await pdfium();
    const buffer = lib.pdfium.wasmExports.malloc(bytes.length);
    heap(lib).set(bytes, buffer);
    const doc = lib.FPDF_LoadMemDocument(buffer, bytes.length, '');
    if (!doc) throw new Error(`PDFium could not open the file (error ${lib.FPDF_GetLastError()})`);
    const formInfo = lib.PDFiumExt_OpenFormFillInfo();
    const form = lib.PDFiumExt_InitFormFillEnvironment(doc, formInfo);
    return new PdfiumForm(lib, buffer, doc, formInfo, form);
  }

  get pageCount(): number {
    return this.lib.FPDF_GetPageCount(this.doc);
  }

  private page(index: number): number {
    let page = this.pages.get(index);
    if (page === undefined) {
      page = this.lib.FPDF_LoadPage(this.doc, index);
      this.lib.FORM_OnAfterLoadPage(page, this.form);
      this.pages.set(index, page);
    }
    return page;
  }

  private withBuffer<T>(size: number, use: (pointer: number) => T): T {
    const pointer = this.lib.pdfium.wasmExports.malloc(size);
    try {
      return use(pointer);
    } finally {
      this.lib.pdfium.wasmExports.free(pointer);
    }
  }

  private fieldName(annot: number): string {
    const length = this.lib.FPDFAnnot_GetFormFieldName(this.form, annot, 0, 0);
    return this.withBuffer(length, (pointer) => {
      this.lib.FPDFAnnot_GetFormFieldName(this.form, annot, pointer, length);
      return this.lib.pdfium.UTF16ToString(pointer);
    });
  }

  /** The widgets of a page in the order of its /Annots. */
  widgets(pageIndex: number): PdfiumWidget[] {
    const page = this.page(pageIndex);
    const count = this.lib.FPDFPage_GetAnnotCount(page);
    return Array.from({ length: count }, (_, i) => {
      const annot = this.lib.FPDFPage_GetAnnot(page, i);
      try {
        const rect = this.withBuffer(16, (pointer) => {
          this.lib.FPDFAnnot_GetRect(annot, pointer);
          const memory = heap(this.lib);
          const view = new DataView(memory.buffer, memory.byteOffset + pointer, 16);
          return [0, 1, 2, 3].map((i) => view.getFloat32(i * 4, true));
        });
        const [left, top, right, bottom] = rect as [number, number, number, number];
        return { name: this.fieldName(annot), left, top, right, bottom };
      } finally {
        this.lib.FPDFPage_CloseAnnot(annot);
      }
    });
  }

  /** Clicks the middle of a field's (first) widget, as a mouse does. */
  click(pageIndex: number, name: string): void {
    const widget = this.widgets(pageIndex).find((candidate) => candidate.name === name);
    if (!widget) throw new Error(`PDFium finds no field ${name} on page ${pageIndex + 1}`);
    const page = this.page(pageIndex);
    const x = (widget.left + widget.right) / 2;
    const y = (widget.top + widget.bottom) / 2;
    this.lib.FORM_OnMouseMove(this.form, page, 0, x, y);
    this.lib.FORM_OnLButtonDown(this.form, page, 0, x, y);
    this.lib.FORM_OnLButtonUp(this.form, page, 0, x, y);
  }

  /** Types text into the focused field one UTF-16 unit at a time, as a keyboard does. */
  type(pageIndex: number, text: string): void {
    const page = this.page(pageIndex);
    for (let i = 0; i < text.length; i++) this.lib.FORM_OnChar(this.form, page, text.charCodeAt(i), 0);
  }

  /** Presses Tab. */
  tab(pageIndex: number): void {
    const page = this.page(pageIndex);
    this.lib.FORM_OnKeyDown(this.form, page, VKEY_TAB, 0);
    this.lib.FORM_OnKeyUp(this.form, page, VKEY_TAB, 0);
  }

  /** The name of the field that has the focus, or undefined. */
  focused(): string | undefined {
    return this.withBuffer(8, (pointer) => {
      if (!this.lib.FORM_GetFocusedAnnot(this.form, pointer, pointer + 4)) return undefined;
      const annot = this.lib.pdfium.getValue(pointer + 4, 'i32');
      if (!annot) return undefined;
      try {
        return this.fieldName(annot);
      } finally {
        this.lib.FPDFPage_CloseAnnot(annot);
      }
    });
  }

  /** Leaves the focused field: the viewer stores its value and writes its appearance. */
  leaveField(): void {
    this.lib.FORM_ForceToKillFocus(this.form);
  }

  /** A page drawn as Chrome draws it, fields included, width pixels wide. */
  render(pageIndex: number, width: number): PNG {
    const page = this.page(pageIndex);
    const height = Math.round((width * this.lib.FPDF_GetPageHeightF(page)) / this.lib.FPDF_GetPageWidthF(page));
    const bitmap = this.lib.FPDFBitmap_Create(width, height, 0);
    try {
      this.lib.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
      this.lib.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_ANNOT);
      this.lib.FPDF_FFLDraw(this.form, bitmap, page, 0, 0, width, height, 0, RENDER_ANNOT);
      const stride = this.lib.FPDFBitmap_GetStride(bitmap);
      const pixels = heap(this.lib).subarray(this.lib.FPDFBitmap_GetBuffer(bitmap));
      const png = new PNG({ width, height });
      for (let row = 0; row < height; row++)
        for (let col = 0; col < width; col++) {
          // PDFium's bitmaps are BGRA.
          const from = row * stride + col * 4;
          const to = (row * width + col) * 4;
          png.data[to] = pixels[from + 2]!;
          png.data[to + 1] = pixels[from + 1]!;
          png.data[to + 2] = pixels[from]!;
          png.data[to + 3] = 255;
        }
      return png;
    } finally {
      this.lib.FPDFBitmap_Destroy(bitmap);
    }
  }

  /** The file as Chrome's viewer saves it. */
  save(): Uint8Array {
    const writer = this.lib.PDFiumExt_OpenFileWriter();
    try {
      if (!this.lib.PDFiumExt_SaveAsCopy(this.doc, writer)) throw new Error('PDFium could not save the file');
      const size = this.lib.PDFiumExt_GetFileWriterSize(writer);
      return this.withBuffer(size, (pointer) => {
        this.lib.PDFiumExt_GetFileWriterData(writer, pointer, size);
        return heap(this.lib).slice(pointer, pointer + size);
      });
    } finally {
      this.lib.PDFiumExt_CloseFileWriter(writer);
    }
  }

  close(): void {
    for (const page of this.pages.values()) {
      this.lib.FORM_OnBeforeClosePage(page, this.form);
      this.lib.FPDF_ClosePage(page);
    }
    this.pages.clear();
    this.lib.PDFiumExt_ExitFormFillEnvironment(this.form);
    this.lib.PDFiumExt_CloseFormFillInfo(this.formInfo);
    this.lib.FPDF_CloseDocument(this.doc);
    this.lib.pdfium.wasmExports.free(this.buffer);
  }
}
