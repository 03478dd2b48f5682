import { describe, expect, it } from 'vitest';
import { withBuildDate } from '../../../src/print/print-faces.ts';

describe("a print's document dates", () => {
  it("are the build's date, written in place so every offset of the file stays", () => {
    const print = new TextEncoder().encode(
      "%PDF-1.4\n1 0 obj\n<</Creator (Chromium) /Producer (Skia/PDF m156) /CreationDate (D:20261205175504+00'00') /ModDate (D:20261205175504+00'00')>>\nendobj\n",
    );
    const dated = new TextDecoder('latin1').decode(withBuildDate(print));
    expect(dated).toContain("/CreationDate (D:20210901000000+00'00') /ModDate (D:20210901000000+00'00')");
    expect(dated.length).toBe(print.length);
  });
});
