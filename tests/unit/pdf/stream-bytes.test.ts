import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { streamBytes } from '../../../src/pdf/stream-bytes.ts';

const text = Buffer.from('q 1 0 0 1 10 10 cm BT /F1 9 Tf (Eerste kaart) Tj ET Q\n'.repeat(200));

async function streamOf(contents: Uint8Array, dict: Record<string, unknown>): Promise<PDFRawStream> {
  const doc = await PDFDocument.create();
  return PDFRawStream.of(doc.context.obj(dict as never) as never, contents);
}

/** What pdf-lib's own decoder makes of a stream: its bytes, or the error it throws. */
function byPdfLib(stream: PDFRawStream): Uint8Array | Error {
  try {
    return decodePDFRawStream(stream).decode();
  } catch (error) {
    return error as Error;
  }
}

describe('a stream read for preflight', () => {
  it('decodes Flate alone to the bytes pdf-lib decodes, the filter named alone or in an array', async () => {
    for (const filter of ['FlateDecode', ['FlateDecode']]) {
      const stream = await streamOf(deflateSync(text), { Filter: filter });
      expect(Buffer.from(streamBytes(stream))).toEqual(text);
      expect(Buffer.from(streamBytes(stream))).toEqual(Buffer.from(byPdfLib(stream) as Uint8Array));
    }
  });

  it('refuses a Flate stream cut short or damaged as pdf-lib does', async () => {
    const whole = deflateSync(text);
    for (const contents of [whole.subarray(0, whole.length - 40), Buffer.from('not deflated at all')]) {
      const stream = await streamOf(contents, { Filter: 'FlateDecode' });
      const expected = byPdfLib(stream);
      if (expected instanceof Error) expect(() => streamBytes(stream)).toThrow(expected.message);
      else expect(streamBytes(stream)).toEqual(expected);
    }
  });

  it('decodes a stream with decode parameters, another filter or none as pdf-lib does', async () => {
    const streams = [
      await streamOf(deflateSync(text), { Filter: 'FlateDecode', DecodeParms: { Predictor: 12, Columns: 5 } }),
      await streamOf(Buffer.from(`${text.subarray(0, 60).toString('hex')}>`), { Filter: 'ASCIIHexDecode' }),
      await streamOf(text, {}),
    ];
    for (const stream of streams) expect(Buffer.from(streamBytes(stream))).toEqual(Buffer.from(byPdfLib(stream) as Uint8Array));
    expect(Buffer.from(streamBytes(streams[1]!))).toEqual(text.subarray(0, 60));
  });
});
