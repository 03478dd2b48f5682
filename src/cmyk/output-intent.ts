import { readFile } from 'node:fs/promises';
import type { IccProfile } from 'icc';
import type { PdfxVersion } from '../deck/sheet-profile-schema.ts';
import { EnvironmentError, fileProblem, InputError } from '../shared/errors.ts';

/** What a PDF/X file's /OutputIntent says about the printing condition the file was made for. */
export interface OutputIntent {
  /** /OutputConditionIdentifier: a name from the ICC registry, or "Custom". */
  identifier: string;
  /** /OutputCondition: the condition in words. */
  condition: string;
  /** /Info: the profile's own description. */
  info: string;
  /** /RegistryName: only where the identifier is one the registry holds. */
  registryName?: string;
  /** The profile embedded as /DestOutputProfile. */
  profile: string;
}

const ICC_REGISTRY = 'http://www.color.org';

/**
 * Characterisations a profile's description names, by their reference names in the ICC
 * Characterization Data Registry (https://www.color.org/chardata/drsection1.xalter). A RIP that
 * knows the name matches the job to the press condition without opening the embedded profile.
 * The ECI's "ISO Coated v2" profiles are built on FOGRA39; "PSO Coated/Uncoated v3" on FOGRA51/52;
 * IDEAlliance's SWOP 2006 grade 3 and 5 profiles on CGATS TR 003 and TR 005, the older US Web
 * Coated (SWOP) on TR 001.
 */
const CHARACTERISATIONS: Array<{ names: RegExp; identifier: string; condition: string }> = [
  {
    names: /fogra\s*-?\s*39|iso\s*coated\s*v2/i,
    identifier: 'FOGRA39',
    condition: 'Offset printing, ISO 12647-2:2004, coated paper (FOGRA39)',
  },
  {
    names: /fogra\s*-?\s*51|pso\s*coated\s*v3/i,
    identifier: 'FOGRA51',
    condition: 'Offset printing, ISO 12647-2:2013, premium coated paper (FOGRA51)',
  },
  {
    names: /fogra\s*-?\s*52|pso\s*uncoated\s*v3/i,
    identifier: 'FOGRA52',
    condition: 'Offset printing, ISO 12647-2:2013, wood-free uncoated paper (FOGRA52)',
  },
  { names: /gracol\s*_?\s*2006/i, identifier: 'CGATS TR 006', condition: 'Sheetfed offset, GRACoL 2006 coated #1 (CGATS TR 006)' },
  {
    names: /swop.*coated\s*_?\s*3|swop\s*2006.*grade\s*3/i,
    identifier: 'CGATS TR 003',
    condition: 'Web offset, SWOP 2006 grade 3 coated (CGATS TR 003)',
  },
  {
    names: /swop.*coated\s*_?\s*5|swop\s*2006.*grade\s*5/i,
    identifier: 'CGATS TR 005',
    condition: 'Web offset, SWOP 2006 grade 5 coated (CGATS TR 005)',
  },
  { names: /swop/i, identifier: 'CGATS TR 001', condition: 'Web offset publication printing, SWOP (CGATS TR 001)' },
];

/**
 * The output intent a CMYK press file declares for the given ICC profile, read from the profile's
 * own header and description. Refused unless it describes a CMYK printing condition: an RGB or
 * monitor profile says nothing about the press.
 */
export async function outputIntentOf(profile: string): Promise<OutputIntent> {
  const refuse = (what: string) =>
    new InputError([
      fileProblem('icc-profile-invalid', profile, what, {
        hint: `--icc wants the print shop's CMYK output profile (an ICC profile of device class "Printer", colour space CMYK, such as FOGRA39 or GRACoL2006)`,
      }),
    ]);
  const bytes = await readFile(profile).catch((error: NodeJS.ErrnoException) => {
    throw new EnvironmentError(
      error.code === 'ENOENT'
        ? `--icc ${profile} does not exist; give the path of the print shop's profile (.icc)`
        : `--icc ${profile} cannot be read (${error.code ?? error.message})`,
      { code: error.code === 'ENOENT' ? 'file-not-found' : 'file-unreadable' },
    );
  });
  let parsed: IccProfile;
  try {
    parsed = (await import('icc')).parse(bytes);
  } catch (error) {
    throw refuse(`not an ICC profile (${(error as Error).message})`);
  }
  if (parsed.colorSpace !== 'CMYK' || parsed.deviceClass !== 'Printer') {
    throw refuse(
      `is a ${parsed.colorSpace ?? 'unknown'} ${parsed.deviceClass ?? 'unknown-class'} profile ("${parsed.description ?? 'no description'}")`,
    );
  }
  // The desc tag's count includes the terminating NUL (and some writers pad with more): not part of the name.
  const info = parsed.description?.replace(/\0+/g, '').trim() || 'CMYK output profile without a description';
  const known = CHARACTERISATIONS.find(({ names }) => names.test(info));
  return known
    ? { identifier: known.identifier, condition: known.condition, info, registryName: ICC_REGISTRY, profile }
    : { identifier: 'Custom', condition: info, info, profile };
}

/**
 * A PostScript prologue for Ghostscript's pdfwrite (in place of its PDFX_def.ps template): the
 * PDF/X version keys and an /OutputIntent built from `intent`, with the profile embedded as
 * /DestOutputProfile. PDF/X-1a:2003 is written as ISO 15930-4 names it: version PDF/X-1:2003,
 * conformance PDF/X-1a:2003.
 */
export function pdfxDefinition(intent: OutputIntent, version: PdfxVersion): string {
  const versionKeys =
    version === 'PDF/X-1a:2003' ? `/GTS_PDFXVersion (PDF/X-1:2003) /GTS_PDFXConformance (PDF/X-1a:2003)` : `/GTS_PDFXVersion (${version})`;
  const entries = [
    '/Type /OutputIntent',
    '/S /GTS_PDFX',
    `/OutputConditionIdentifier ${psString(intent.identifier)}`,
    `/OutputCondition ${psString(intent.condition)}`,
    `/Info ${psString(intent.info)}`,
    ...(intent.registryName ? [`/RegistryName ${psString(intent.registryName)}`] : []),
    '/DestOutputProfile {icc_PDFX}',
  ];
  return [
    `[ ${versionKeys} /Trapped /False /DOCINFO pdfmark`,
    '[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark',
    '[{icc_PDFX} << /N 4 >> /PUT pdfmark',
    `[{icc_PDFX} ${psFileName(intent.profile)} (r) file /PUT pdfmark`,
    '[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark',
    `[{OutputIntent_PDFX} << ${entries.join(' ')} >> /PUT pdfmark`,
    '[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark',
    '',
  ].join('\n');
}

/** A PostScript string: ASCII as a literal, anything else as UTF-16BE with its byte-order mark, as PDF text strings are. */
function psString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[()\\]/g, '\\$&')})`;
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i).toString(16).padStart(4, '0'));
  return `<feff${units.join('')}>`;
}

/** A file name as PostScript reads it: its UTF-8 bytes, anything outside printable ASCII as an octal escape. */
function psFileName(file: string): string {
  const bytes = [...new TextEncoder().encode(file)];
  return `(${bytes.map((byte) => (byte < 0x20 || byte > 0x7e || byte === 0x28 || byte === 0x29 || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte))).join('')})`;
}
