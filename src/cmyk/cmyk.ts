import { execFile } from 'node:child_process';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { type PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { FACE_MAP_PIECE, readFaceMap } from '../pdf/face-map.ts';
import { repairConvertedUnicode } from '../pdf/unicode-repair.ts';
import { contentStreams } from '../pdf/content-ops.ts';
import { ContentSyntaxError, parseContent } from '../pdf/content-syntax.ts';
import { parseHex, TEXT_BLACK } from '../shared/colours.ts';
import { exists } from '../shared/file-exists.ts';
import path from 'node:path';
import { promisify } from 'node:util';
import { BuildError, EnvironmentError } from '../shared/errors.ts';
import { withTempFolder } from '../shared/temp-folder.ts';
import { contentHash } from '../shared/content-hash.ts';
import { sha256 } from '../shared/hash.ts';
import { runWithTimeLimit, scaledTimeLimitMs, TimeLimitError } from '../shared/processes.ts';
import { buildDate } from '../shared/build-date.ts';
import type { PdfxVersion } from '../deck/sheet-profile-schema.ts';
import { outputIntentOf, pdfxDefinition, type OutputIntent } from './output-intent.ts';
import { loadPdfDocument, savePdfDocument } from '../shared/pdf-document.ts';

const run = promisify(execFile);

export async function hasGhostscript(): Promise<boolean> {
  return run('gs', ['--version']).then(
    () => true,
    () => false,
  );
}

/**
 * The CMYK profile Ghostscript converts with when the shop gives none: declaring it as the output
 * intent says truthfully what the colours were separated for.
 */
async function ghostscriptDefaultCmyk(): Promise<string | undefined> {
  const { stdout } = await run('gs', ['--version']);
  const version = stdout.trim();
  const candidates = [
    '/usr/share/color/icc/ghostscript/default_cmyk.icc',
    `/usr/share/ghostscript/${version}/iccprofiles/default_cmyk.icc`,
    `/usr/local/share/ghostscript/${version}/iccprofiles/default_cmyk.icc`,
  ];
  for (const candidate of candidates) {
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Rewrites neutral RGB colours (r = g = b: black text, greys) as DeviceGray. Ghostscript keeps
 * DeviceGray on the black plate, so black and grey print K only, while coloured text goes through
 * the shop's profile as it is (Ghostscript's own -dBlackText would turn coloured and white text
 * black too). The text black and anything darker becomes 0 g: 100 % K, never a screened 89 %.
 * Every stream is parsed completely first; one that does not parse is refused, not guessed at.
 */
export async function neutralsToGray(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await loadPdfDocument(pdf);
  const black = parseHex(TEXT_BLACK)[0] / 255 + 0.0005;
  for (const { ref, stream, bytes } of contentStreams(doc)) {
    let operations: ReturnType<typeof parseContent>;
    try {
      operations = parseContent(bytes);
    } catch (error) {
      if (!(error instanceof ContentSyntaxError)) throw error;
      throw new BuildError(
        `--cmyk cannot read content stream ${ref.objectNumber} of the press file (${error.message}); it is not rewritten by guesswork, so the CMYK file is not made`,
      );
    }
    const neutral = operations.filter(
      ({ operator, operands: [r, g, b] }) => (operator === 'rg' || operator === 'RG') && typeof r === 'number' && r === g && r === b,
    );
    if (neutral.length === 0) continue;
    const parts: Uint8Array[] = [];
    let from = 0;
    for (const { operator, operands, start, end } of neutral) {
      const level = operands[0] as number;
      parts.push(bytes.subarray(from, start), latin1(`${level <= black ? 0 : level} ${operator === 'rg' ? 'g' : 'G'}`));
      from = end;
    }
    parts.push(bytes.subarray(from));
    const dict = stream.dict.clone(doc.context);
    for (const key of ['Filter', 'DecodeParms', 'Length']) dict.delete(PDFName.of(key));
    doc.context.assign(
      ref,
      doc.context.flateStream(concat(parts), Object.fromEntries(dict.entries().map(([k, v]) => [k.asString().slice(1), v]))),
    );
  }
  return savePdfDocument(doc);
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface CmykOptions {
  /** The shop's CMYK output profile; Ghostscript's own (SWOP) when not given. */
  icc?: string;
  pdfx: PdfxVersion;
  /** How long Ghostscript may take before it is stopped; by default scaled to the file (cmykTimeLimitMs). */
  timeLimitMs?: number;
}

/** How long converting a file of `bytes` may take (scaledTimeLimitMs). */
export const cmykTimeLimitMs = scaledTimeLimitMs;

/**
 * Converts a press file to CMYK with Ghostscript (black and grey text K only, see neutralsToGray)
 * as PDF/X, separated for the shop's ICC profile and declaring it as the output intent (returned,
 * for the job ticket). Debian ships no FOGRA39, so the profile is an input.
 */
export async function convertToCmyk(input: string, output: string, options: CmykOptions): Promise<OutputIntent> {
  if (!(await hasGhostscript())) {
    throw new EnvironmentError(
      '--cmyk needs Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript), or build without --cmyk',
      { code: 'tool-missing' },
    );
  }
  const profile = options.icc ? path.resolve(options.icc) : await ghostscriptDefaultCmyk();
  if (!profile) throw new EnvironmentError("Ghostscript's default_cmyk.icc was not found: give the print shop's profile with --icc");
  if (!(await exists(profile))) throw new EnvironmentError(`ICC profile ${profile} does not exist`);
  const intent = await outputIntentOf(profile);
  const args = [
    '-q',
    '-dBATCH',
    '-dNOPAUSE',
    '-dSAFER',
    '-sDEVICE=pdfwrite',
    '-dPDFX',
    // What PDF/X does not permit is left out (an annotation on the page) or stops the conversion;
    // the default policy would write a file that claims PDF/X and is not.
    '-dPDFACompatibilityPolicy=2',
    '-dPDFSTOPONERROR',
    // Ghostscript turns pages whose text mostly runs sideways (/Rotate 90 or 270, front and back
    // differently): a press sheet must stay as imposed, or the backs no longer land behind the fronts.
    '-dAutoRotatePages=/None',
    '-dCompatibilityLevel=1.4',
    '-sColorConversionStrategy=CMYK',
    '-sProcessColorModel=DeviceCMYK',
    `-sOutputICCProfile=${profile}`,
    `--permit-file-read=${profile}`,
    '-dEmbedAllFonts=true',
    '-dSubsetFonts=true',
  ];
  await withTempFolder('kaartenset-cmyk-', async (work) => {
    const source = path.join(work, 'neutral-gray.pdf');
    const neutral = await neutralsToGray(await readFile(input));
    await writeFile(source, neutral);
    const definition = path.join(work, 'pdfx-definition.ps');
    const definitionText = pdfxDefinition(intent, options.pdfx);
    await writeFile(definition, definitionText, 'latin1');
    // Ghostscript derives the file's /ID from the output name it is given: a name of what goes in,
    // given from its own folder, makes the same file for the same inputs and another for others
    // (a full path into each build's staging folder made every build's differ).
    const converted = `${sha256(`${contentHash(neutral)} ${sha256(await readFile(profile))} ${definitionText}`)}.pdf`;
    args.push(`-sOutputFile=${converted}`, definition, source);
    // Ghostscript dates the file it writes now, unless told the build's date (SOURCE_DATE_EPOCH), as the RGB files are.
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.round(buildDate().getTime() / 1000)) };
    const step = `Ghostscript converting ${path.basename(input)} to CMYK ${options.pdfx}`;
    const limitMs = options.timeLimitMs ?? cmykTimeLimitMs((await stat(source)).size);
    await runWithTimeLimit('gs', args, { step, limitMs, maxBuffer: 1 << 24, env, cwd: work }).catch(
      (error: Error & { stderr?: string; stdout?: string }) => {
        if (error instanceof TimeLimitError)
          throw new BuildError(
            `${error.message}: is Ghostscript hanging on this file, or the machine overloaded? Try again, or build without --cmyk`,
            {
              code: 'time-limit',
            },
          );
        const said = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(0, 3).join(' / ');
        throw new BuildError(`Ghostscript could not convert ${path.basename(input)} to CMYK ${options.pdfx}: ${said}`);
      },
    );
    await copyFile(path.join(work, converted), output);
    await restoreWhatGhostscriptDrops(output, source);
  });
  return intent;
}

/**
 * What the converted file loses and the source had, put back: its text as it was (Ghostscript's
 * ToUnicode maps swap and replace some of it, unicode-repair.ts) and each sheet's face map (the
 * marked content naming card and side is dropped, so the map goes into each page's PieceInfo).
 */
async function restoreWhatGhostscriptDrops(output: string, source: string): Promise<void> {
  const bytes = await readFile(output);
  const converted = await loadPdfDocument(bytes);
  const original = await loadPdfDocument(await readFile(source));
  const repaired = repairConvertedUnicode(converted, original);
  const mapped = writeFaceMaps(converted, readFaceMap(original));
  if (repaired === 0 && !mapped) return;
  const saved = await savePdfDocument(converted, { updateFieldAppearances: false });
  // pdf-lib heads every file %PDF-1.7; PDF/X-3:2002 and X-1a:2003 name their version (1.3, 1.4),
  // which is put back: the same eight bytes, so no offset moves.
  saved.set(bytes.subarray(0, '%PDF-1.x'.length), 0);
  await writeFile(output, saved);
}

/**
 * Writes each page's faces (card, side, where it lands) into the converted page's PieceInfo
 * (FACE_MAP_PIECE), page for page: Ghostscript keeps the pages, their order and where they draw.
 * False when the source names no faces (a vendor file of single cards) or the page counts differ.
 */
function writeFaceMaps(converted: PDFDocument, map: ReturnType<typeof readFaceMap>): boolean {
  const pages = converted.getPages();
  if (map.source !== 'tags' || pages.length !== map.pages.length) return false;
  const { context } = converted;
  const modified = PDFString.fromDate(buildDate());
  pages.forEach((page, index) => {
    const faces = map.pages[index]!;
    if (faces.length === 0) return;
    const entries = faces.map(({ card, side, rect }) =>
      context.obj({ Card: PDFHexString.fromText(card), Side: side, Rect: [rect.x, rect.y, rect.width, rect.height].map(round3) }),
    );
    const piece = context.obj({ LastModified: modified, Private: context.obj({ Faces: entries }) });
    page.node.set(PDFName.of('PieceInfo'), context.obj({ [FACE_MAP_PIECE]: piece }));
    // A page with PieceInfo must say when it was last changed (PDF 1.7, 14.5).
    page.node.set(PDFName.of('LastModified'), modified);
  });
  return true;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
