import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDecks } from '../../../src/pipeline/build-decks.ts';
import { parsePpm } from '../../../src/shared/ppm.ts';
import { closeBrowser, launchBrowser } from '../../../src/print/browser.ts';
import { axeViolations } from '../../support/axe.ts';
import { runCli } from '../../support/cli.ts';
import { REPO } from '../../support/fixtures.ts';
import { tempProject, type TempProject } from '../../support/project.ts';

/*
 * `kaartenset proof`: a build of the mini deck (two cards, Dutch and English) proofed against a copy
 * of an earlier build, and against a git revision of a clean clone. The proof names what changed,
 * down to the card, side, language and word, and nothing else.
 */

const git = promisify(execFile);

interface ProofOutput {
  problems: unknown[];
  changed: boolean;
  counts: { faces: number; rendered: number };
  sets: Array<{
    deck: string;
    language: string;
    change: string;
    faces: Array<{
      face: string;
      side: string;
      card?: string;
      template: string;
      change: string;
      fields: Array<{ field: string; added: string[]; removed: string[] }>;
      pixels?: { areasMm: Array<{ x: number; y: number; width: number; height: number }> };
    }>;
    hashes: Array<{ face: string; hash?: string; previous?: string }>;
  }>;
}

async function proof(project: TempProject, args: string[]) {
  const result = await runCli(['proof', ...args, '--json'], { cwd: project.root });
  return { ...result, output: result.stdout ? (JSON.parse(result.stdout) as ProofOutput) : undefined };
}

/** Every changed face, as `deck [language] face`. */
const named = (output: ProofOutput | undefined) =>
  (output?.sets ?? []).flatMap((set) => set.faces.map((face) => `${set.deck} [${set.language}] ${face.face} ${face.change}`));

const build = (root: string) => buildDecks({ root, out: path.join(root, 'dist'), previews: false, log: () => undefined });

describe('proof against an earlier build folder', () => {
  let project: TempProject;

  beforeAll(async () => {
    project = await tempProject(['mini']);
    await build(project.root);
    await cp(project.out, project.file('dist-1'), { recursive: true });
  });
  afterAll(() => project.cleanup());

  it('says nothing changed and exits 0 when the builds are the same, rendering no face', async () => {
    // A proof.pdf an earlier proof left would tell of changes that are not there any more.
    await mkdir(project.file('proof', 'mini', 'en'), { recursive: true });
    await writeFile(project.file('proof', 'mini', 'en', 'proof.pdf'), 'an earlier proof');
    const result = await proof(project, ['--against', 'dist-1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('nothing changed');
    expect(result.output!.changed).toBe(false);
    expect(named(result.output)).toEqual([]);
    expect(result.output!.counts).toEqual({ faces: 6, rendered: 0 });
    expect(existsSync(project.file('proof', 'mini', 'en', 'proof.pdf'))).toBe(false);
  });

  it('names exactly the card, side and language of one changed word, the word in its field, and outlines it', async () => {
    await project.edit('deck/mini/locales/en.yaml', (text) => text.replace('title: Second card', 'title: Second round'));
    await build(project.root);
    const result = await proof(project, ['--against', 'dist-1']);
    expect(result.code).toBe(1);
    expect(named(result.output)).toEqual(['mini [en] tweede/front changed']);
    const face = result.output!.sets.find((set) => set.language === 'en')!.faces[0]!;
    expect(face.fields).toEqual([{ field: 'title', added: ['round'], removed: ['card'] }]);
    // The outlined area is the title's line, in the card's upper half (the mini deck's cards are 69 mm wide, 94 mm high with bleed).
    expect(face.pixels!.areasMm.length).toBeGreaterThan(0);
    for (const area of face.pixels!.areasMm) expect(area.y + area.height).toBeLessThan(47);
    // Only the face whose hash differs was rendered: none of the other five, in either language.
    expect(result.output!.counts.rendered).toBe(1);

    const html = await readFile(project.file('proof', 'index.html'), 'utf8');
    expect(html).toContain('<ins>round</ins>');
    expect(html).toContain('<del>card</del>');
    const pdf = await promisify(execFile)('pdftotext', [project.file('proof', 'mini', 'en', 'proof.pdf'), '-']);
    expect(pdf.stdout).toContain('Second round (front) [tweede]: changed — Title: -card +round');
    expect(pdf.stdout).toContain("Client's approval");
    const pages = await promisify(execFile)('pdfinfo', [project.file('proof', 'mini', 'en', 'proof.pdf')]);
    expect(pages.stdout).toMatch(/Pages:\s+2\n/);
  });

  it('outlines in proof.pdf the changed word itself, where the face prints it, removed on the before face and added on the after', async () => {
    const file = project.file('proof', 'mini', 'en', 'proof.pdf');
    // Where the proof page prints each word (the faces' own text, drawn into the page), in points from its top left.
    const { stdout } = await promisify(execFile)('pdftotext', ['-bbox', '-f', '2', '-l', '2', file, '-']);
    // A word is printed more than once on the page (the heading, the list of words under the faces): each place it is.
    const wordBoxes = (word: string) =>
      [...stdout.matchAll(new RegExp(`xMin="([\\d.]+)" yMin="([\\d.]+)" xMax="([\\d.]+)" yMax="([\\d.]+)">${word}<`, 'g'))].map((match) => {
        const [x0, y0, x1, y1] = match.slice(1).map(Number) as [number, number, number, number];
        return { x0, y0, x1, y1 };
      });
    // The red frames as poppler renders them at 300 dpi: the inner edge of each frame's 1.5 pt stroke.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-proof-outline-'));
    const dpi = 300;
    await promisify(execFile)('pdftoppm', ['-r', String(dpi), '-f', '2', '-l', '2', '-singlefile', file, path.join(dir, 'page')]);
    const raster = parsePpm(await readFile(path.join(dir, 'page.ppm')));
    await rm(dir, { recursive: true, force: true });
    const pt = (px: number) => (px * 72) / dpi;
    const frameAround = (word: { x0: number; y0: number; x1: number; y1: number }) => {
      const near = 20;
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let y = Math.floor(((word.y0 - near) * dpi) / 72); y < ((word.y1 + near) * dpi) / 72; y++)
        for (let x = Math.floor(((word.x0 - near) * dpi) / 72); x < ((word.x1 + near) * dpi) / 72; x++) {
          const at = (y * raster.width + x) * 3;
          const [r, g, b] = [raster.rgb[at]!, raster.rgb[at + 1]!, raster.rgb[at + 2]!];
          if (r > 180 && g < 70 && b < 110) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
        }
      return { x0: pt(x0) + 1.5, y0: pt(y0) + 1.5, x1: pt(x1) - 1.5, y1: pt(y1) - 1.5 };
    };
    const mm = 72 / 25.4;
    const offBy = (word: { x0: number; y0: number; x1: number; y1: number }) => {
      const frame = frameAround(word);
      return Math.max(...(['x0', 'y0', 'x1', 'y1'] as const).map((edge) => Math.abs(frame[edge] - word[edge])));
    };
    // On the before face "card" is framed, on the after face "round": each word where a face prints it, to 0.2 mm.
    for (const word of ['round', 'card']) expect(Math.min(...wordBoxes(word).map(offBy)), word).toBeLessThan(0.2 * mm);
  });

  it('prints JSON that the committed schema/proof.schema.json accepts', async () => {
    const result = await proof(project, ['--against', 'dist-1']);
    const schema = JSON.parse(await readFile(path.join(REPO, 'schema', 'proof.schema.json'), 'utf8'));
    const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);
    expect(validate(result.output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes the changed cards alone, front and back, for a reprint with --changed-only', async () => {
    const result = await runCli(['proof', '--against', 'dist-1', '--changed-only', '--proof-dir', 'reprint'], { cwd: project.root });
    expect(result.code).toBe(1);
    const info = await promisify(execFile)('pdfinfo', [project.file('reprint', 'mini', 'en', 'mini-en-changed-cards.pdf')]);
    expect(info.stdout).toMatch(/Pages:\s+2\n/);
    const text = await promisify(execFile)('pdftotext', [project.file('reprint', 'mini', 'en', 'mini-en-changed-cards.pdf'), '-']);
    expect(text.stdout).toContain('Second round');
    expect(text.stdout).not.toContain('First card');
    // It tells a preflight what cards.pdf tells it: how it prints, its bleed, the cards' smallest text.
    const keywords = async (file: string) => /Keywords:\s+(.+)/.exec((await promisify(execFile)('pdfinfo', [file])).stdout)?.[1];
    expect(await keywords(project.file('reprint', 'mini', 'en', 'mini-en-changed-cards.pdf'))).toBe(
      await keywords(project.file('dist', 'mini', 'en', 'mini-en-cards.pdf')),
    );
  });

  it('passes axe-core (WCAG 2.2 A/AA), fetches nothing and moves between changes by keyboard', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const url = pathToFileURL(project.file('proof', 'index.html')).href;
      const requests: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url() === url || request.url().startsWith('data:')) return void request.continue();
        requests.push(request.url());
        void request.abort();
      });
      await page.goto(url, { waitUntil: 'load' });
      expect(await axeViolations(page)).toEqual([]);
      expect(requests).toEqual([]);
      await page.keyboard.press('j');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('change-0');
    } finally {
      await closeBrowser(browser);
    }
  });

  it('names exactly the cards of one kind when the stylesheet changes that kind alone', async () => {
    await cp(project.out, project.file('dist-2'), { recursive: true, force: true });
    await writeFile(project.file('deck', 'mini', 'deck.css'), '.face[data-template="prompt"] .body { color: #b00020; }\n');
    await build(project.root);
    const result = await proof(project, ['--against', 'dist-2']);
    expect(result.code).toBe(1);
    // tweede is the one prompt card; eerste (condition) and the back print as before, in both languages.
    expect(named(result.output).sort()).toEqual(['mini [en] tweede/front changed', 'mini [nl] tweede/front changed']);
    for (const set of result.output!.sets) expect(set.faces[0]!.template).toBe('prompt');
  });

  it('refuses an --against that is neither a build folder nor a revision, with exit 2 and no stack', async () => {
    const result = await proof(project, ['--against', 'no-such-thing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--against no-such-thing: no such folder');
    expect(result.stderr).not.toMatch(/\bat .+\.ts:\d+/);
    expect(result.output!.problems).toEqual([expect.objectContaining({ code: 'proof-against-unknown' })]);
  });
});

describe('proof against a git revision', () => {
  let clone: string;
  let origin: TempProject;

  beforeAll(async () => {
    origin = await tempProject(['mini']);
    const author = ['-c', 'user.name=kaartenset test', '-c', 'user.email=test@example.invalid'];
    await git('git', ['init', '--quiet', origin.root]);
    await git('git', ['-C', origin.root, 'add', '.']);
    await git('git', ['-C', origin.root, ...author, 'commit', '--quiet', '-m', 'the deck as the client saw it']);
    clone = await mkdtemp(path.join(os.tmpdir(), 'kaartenset-proof-clone-'));
    await git('git', ['clone', '--quiet', origin.root, path.join(clone, 'project')]);
  });
  afterAll(async () => {
    await origin.cleanup();
    await rm(clone, { recursive: true, force: true });
  });

  it('builds the revision in a temporary worktree of a clean clone, names the change, and removes the worktree', async () => {
    const root = path.join(clone, 'project');
    const locale = path.join(root, 'deck', 'mini', 'locales', 'nl.yaml');
    const text = await readFile(locale, 'utf8');
    const edited = text.replace('title: Eerste kaart', 'title: Eerste kaart nieuw');
    expect(edited).not.toBe(text);
    await writeFile(locale, edited);
    await build(root);
    const result = await runCli(['proof', '--against', 'HEAD', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(1);
    const output = JSON.parse(result.stdout) as ProofOutput;
    expect(output.sets.flatMap((set) => set.faces.map((face) => `${set.language} ${face.face}`))).toEqual(['nl eerste/front']);
    expect(output.sets.find((set) => set.language === 'nl')!.faces[0]!.fields).toEqual([
      expect.objectContaining({ field: 'title', added: ['nieuw'], removed: [] }),
    ]);
    const worktrees = await git('git', ['-C', root, 'worktree', 'list']);
    expect(worktrees.stdout.trim().split('\n')).toHaveLength(1);
  });
});
