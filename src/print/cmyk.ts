import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { exists } from '../deck/file-exists.ts';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BuildError, EnvironmentError } from '../deck/problems.ts';

const run = promisify(execFile);

export async function hasGhostscript(): Promise<boolean> {
  return run('gs', ['--version']).then(
    () => true,
    () => false,
  );
}

/** Ghostscript's PDF/X-3 definition file, given to it by absolute path. */
async function findPdfxDefinition(): Promise<string | undefined> {
  const { stdout } = await run('gs', ['--version']);
  const version = stdout.trim();
  const candidates = [`/usr/share/ghostscript/${version}/lib/PDFX_def.ps`, '/usr/share/ghostscript/lib/PDFX_def.ps', `/usr/local/share/ghostscript/${version}/lib/PDFX_def.ps`];
  for (const candidate of candidates) {
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Converts a press file to CMYK with Ghostscript, black text as K only; with the shop's ICC
 * profile as the output intent when given. Debian ships no FOGRA39, so the profile is an input.
 */
export async function convertToCmyk(input: string, output: string, iccProfile?: string): Promise<void> {
  if (!(await hasGhostscript())) {
    throw new EnvironmentError('--cmyk needs Ghostscript: install it (Debian/Ubuntu: sudo apt-get install ghostscript), or build without --cmyk');
  }
  const args = [
    '-q', '-dBATCH', '-dNOPAUSE', '-dSAFER',
    '-sDEVICE=pdfwrite',
    '-dCompatibilityLevel=1.4',
    '-sColorConversionStrategy=CMYK',
    '-sProcessColorModel=DeviceCMYK',
    '-dBlackText',
    '-dBlackVector',
    '-dEmbedAllFonts=true',
    '-dSubsetFonts=true',
    `-sOutputFile=${output}`,
  ];
  const work = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-cmyk-'));
  try {
    if (iccProfile) {
      const profile = path.resolve(iccProfile);
      if (!(await exists(profile))) throw new EnvironmentError(`ICC profile ${profile} does not exist`);
      const definition = await findPdfxDefinition();
      if (!definition) throw new EnvironmentError("Ghostscript's PDFX_def.ps was not found; it is needed for PDF/X-3 output");
      // The definition names its output profile in PostScript; a copy points it at the shop's profile.
      const custom = path.join(work, 'PDFX_def.ps');
      const text = await readFile(definition, 'latin1');
      await writeFile(custom, text.replace(/\/ICCProfile \([^)]*\) def/, `/ICCProfile (${profile.replace(/[()\\]/g, '\\$&')}) def`), 'latin1');
      args.splice(4, 0, '-dPDFX', `-sOutputICCProfile=${profile}`, '--permit-file-read=' + profile);
      args.push(custom);
    }
    args.push(input);
    await run('gs', args, { maxBuffer: 1 << 24 }).catch((error: { stderr?: string; stdout?: string }) => {
      const said = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(0, 3).join(' / ');
      throw new BuildError(`Ghostscript could not convert ${path.basename(input)} to CMYK: ${said}`);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
