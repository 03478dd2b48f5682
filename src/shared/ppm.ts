/** An RGB raster, three bytes a pixel, rows top down. */
export interface Raster {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** A binary PPM (P6, 8 bits a channel), as pdftoppm writes it. */
export function parsePpm(bytes: Uint8Array): Raster {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]!))) at++;
    if (bytes[at] === 0x23) {
      while (bytes[at] !== 0x0a) at++;
      continue;
    }
    let field = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]!))) field += String.fromCharCode(bytes[at++]!);
    fields.push(field);
  }
  const [magic, width, height, max] = fields;
  if (magic !== 'P6' || max !== '255') throw new Error(`not an 8-bit binary PPM (${magic}, max ${max})`);
  const w = Number(width);
  const h = Number(height);
  return { width: w, height: h, rgb: bytes.subarray(at + 1, at + 1 + w * h * 3) };
}
