import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { exists } from '../shared/file-exists.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { PRINT_PAGE_SCRIPT } from '../print-page/script-name.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { sha256Base64 } from '../shared/hash.ts';
import { shopFilePrefix, type Manifest } from './manifest.ts';
import { isPrintPageFile, PRINT_KIT_FILE, PRINT_PAGE_FILE, type PrintPageSet } from '../print-page/print-kit.ts';
import { SCHOOL_FORM_FALLBACK, schoolForm } from '../print-page/school-form.ts';

/** What the page reads of each set's manifest.json. */
type ManifestView = Pick<Manifest, 'deck' | 'language' | 'title' | 'languageName' | 'direction' | 'downloadTitle' | 'files'>;

interface BuiltSet {
  manifest: ManifestView;
  /** Absent for a set built before the print page existed: it gets its files only. */
  page?: PrintPageSet;
  picture?: string;
  web?: string;
}

const PAGE_STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; color: #1d1d1b; line-height: 1.45; }
nav.sets { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding-bottom: .75rem; border-bottom: 1px solid #ccc; }
nav.sets a { color: #1d1d1b; } nav.sets a[aria-current="true"] { font-weight: bold; }
.js article.set { display: none; } .js article.set.shown { display: block; }
article.set > header { display: flex; gap: 1.25rem; align-items: center; margin: 1.25rem 0; }
article.set > header img { width: 8rem; height: auto; border: 1px solid #ddd; border-radius: 4px; }
h1 { margin: 0 0 .25rem; font-size: 1.7rem; } .subtitle { margin: 0; color: #555; }
.languages a { margin-right: .75rem; }
section.purpose { border: 1px solid #d6d3cc; border-radius: 6px; padding: .25rem 1.25rem 1rem; margin: 1rem 0; }
section.purpose h3 { margin: .75rem 0 .25rem; }
fieldset { border: 0; padding: 0; margin: .75rem 0; } legend { font-weight: bold; padding: 0; margin-bottom: .25rem; }
label { display: block; margin: .15rem 0; } .inline label { display: inline-block; margin-right: 1rem; }
input[type="text"] { width: 16rem; max-width: 100%; } input.short { width: 5rem; }
.cards { columns: 2 14rem; } button { font-size: 1.05rem; padding: .5rem 1.25rem; }
progress { width: 100%; } .meta { color: #666; font-size: .85em; } [hidden] { display: none !important; }
.error { color: #a4000f; font-weight: bold; margin: .15rem 0 .5rem; } [aria-invalid="true"] { border: 2px solid #a4000f; }
.effect, .count { font-weight: bold; } svg.example { display: block; margin: .5rem 0; max-width: 100%; height: auto; }
.status:focus { outline: 2px solid #1d1d1b; outline-offset: 2px; }
`;

/**
 * The page runs only scripts from its own folder (print-page.js, each set's print-kit.js: 'self'
 * is the folder's origin on a static host and file: when opened from disk) and its one style block
 * (by hash); it may show its own previews and fetch nothing. A deck text that slipped through the
 * escaping could neither run nor reach the network.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'sha256-${sha256Base64(PAGE_STYLE)}'`,
  "img-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Words of the page where a deck's locale has none (a deck made before the print page). */
const FALLBACK_TEXT: Record<string, string> = {
  'page-choose': 'Choose what to make',
  'page-language': 'Language',
  'page-school': 'Print at school',
  'page-school-intro': "Make the PDF for the school's printer here. Everything happens in this browser; nothing is uploaded.",
  'page-shop': 'Send to the print shop',
  'page-shop-intro': 'Give the print shop these press sheets, with crop marks and bleed, and the details for the printer.',
  'page-card-printer': 'Card printer',
  'page-card-printer-intro': 'For a card printing service: one page per face, front then back, with bleed.',
  'page-worksheet': 'Worksheet',
  'page-worksheet-intro': 'Fill it in on a computer (in any PDF reader) or print it blank.',
  'page-web': 'View the cards in the browser',
  'page-all-files': 'All files',
  'page-needs-script': 'Making the PDF needs JavaScript; the ready-made files below always work.',
  'page-ready-made': 'Ready-made, with the default settings',
};

/**
 * dist/index.html, the print page: one article per deck x language that was built (each set's
 * build leaves manifest.json, and print-page.json for the page), opening in the browser's
 * language. For a teacher it makes the school PDF in the browser (print-page.js, bundled from
 * src/impose by esbuild, with the set's print-kit.js loaded as a script so file:// works); for the
 * print shop, card printer and worksheet it links the built files. No request leaves the folder.
 */
export async function writeIndexPage(out: string): Promise<string> {
  const sets: BuiltSet[] = [];
  for (const deck of (await readdir(out, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    for (const language of await readdir(path.join(out, deck.name), { withFileTypes: true })) {
      const dir = path.join(out, deck.name, language.name);
      const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
      if (!text) continue;
      const manifest = JSON.parse(text) as ManifestView;
      const pageText = await readFile(path.join(dir, PRINT_PAGE_FILE), 'utf8').catch(() => undefined);
      const page = pageText ? (JSON.parse(pageText) as PrintPageSet) : undefined;
      const firstFront = page?.cards[0] ? `previews/01-${page.cards[0].id}-front.png` : undefined;
      sets.push({
        manifest,
        page,
        picture: firstFront && (await exists(path.join(dir, firstFront))) ? firstFront : undefined,
        web: (await exists(path.join(dir, 'web', 'index.html'))) ? 'web/index.html' : undefined,
      });
    }
  }
  sets.sort(pageOrder);
  const withScript = sets.some((set) => set.page);
  if (withScript) await (await import('../print-page/bundle.ts')).bundlePrintPage(path.join(out, PRINT_PAGE_SCRIPT));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(
    sets
      .map((set) => set.manifest.title)
      .filter((title, i, all) => all.indexOf(title) === i)
      .join(' · ') || 'kaartenset',
  )}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<nav class="sets">
${sets.map((set) => `<a href="#${escapeHtml(anchor(set))}" data-deck="${escapeHtml(set.manifest.deck)}" data-language="${escapeHtml(set.manifest.language)}" lang="${escapeHtml(set.manifest.language)}" hreflang="${escapeHtml(set.manifest.language)}">${escapeHtml(set.manifest.title)} <span class="meta">${escapeHtml(set.manifest.languageName)}</span></a>`).join('\n')}
</nav>
<main>
${sets.map((set) => article(set, sets)).join('\n')}
</main>
${withScript ? `<script src="${PRINT_PAGE_SCRIPT}"></script>` : ''}
</body>
</html>
`;
  const file = path.join(out, 'index.html');
  await writeFileAtomic(file, html);
  return file;
}

function article(set: BuiltSet, all: BuiltSet[]): string {
  const m = set.manifest;
  const t = (key: string) => set.page?.text[key] ?? FALLBACK_TEXT[key] ?? SCHOOL_FORM_FALLBACK[key] ?? key;
  const base = `${m.deck}/${m.language}`;
  const link = (file: string) => `${base}/${file}`;
  const files = m.files.filter((f) => !isPrintPageFile(f.file));
  const fileItem = (f: ManifestView['files'][number]) =>
    `<li><a href="${escapeHtml(link(f.file))}">${escapeHtml(f.label ?? f.file)}</a> <span class="meta">${escapeHtml(f.file)} · ${size(f.bytes)}${f.pages ? ` · ${f.pages} p.` : ''}</span></li>`;
  // What each file is for, read from its name after the deck and language every shop file begins with.
  const prefix = shopFilePrefix(m.deck, m.language);
  const matching = (test: (name: string) => boolean) =>
    files.filter((f) => test(f.file.startsWith(prefix) ? f.file.slice(prefix.length) : f.file));
  const list = (items: ManifestView['files']) => (items.length ? `<ul>\n${items.map(fileItem).join('\n')}\n</ul>` : '');
  const others = all.filter((other) => other.manifest.deck === m.deck && other !== set);
  const school = matching((file) => /^sheets-school-/.test(file));
  const shop = matching((file) => /^sheets-press-/.test(file) || file === 'preflight.txt' || file === 'manifest.json');
  // Card printers and print-on-demand vendors take one page per face.
  const cards = matching((file) => file === 'cards.pdf' || /^vendor-/.test(file));
  const worksheet = matching((file) => /^(invulblad|worksheet)/.test(file));
  // The job ticket of every sheet file and the preflight report: written beside the manifest, never listed in it.
  const ticket = `<ul>\n<li><a href="${escapeHtml(link('manifest.json'))}">${escapeHtml(t('file-manifest'))}</a> <span class="meta">manifest.json · <a href="${escapeHtml(link('preflight.txt'))}">preflight.txt</a></span></li>\n</ul>`;
  const purpose = (kind: string, title: string, body: string) =>
    `<section class="purpose ${kind}">\n<h3>${escapeHtml(title)}</h3>\n${body}\n</section>`;
  return `<article class="set" id="${escapeHtml(anchor(set))}" lang="${escapeHtml(m.language)}" dir="${m.direction}" data-deck="${escapeHtml(m.deck)}" data-language="${escapeHtml(m.language)}"${set.page ? ` data-kit="${escapeHtml(link(PRINT_KIT_FILE))}"` : ''}>
<header>
${set.picture ? `<img src="${escapeHtml(link(set.picture))}" alt="">` : ''}
<div>
<h1>${escapeHtml(m.title)}</h1>
${set.page?.subtitle ? `<p class="subtitle">${escapeHtml(set.page.subtitle)}</p>` : ''}
${others.length ? `<p class="languages">${escapeHtml(t('page-language'))}: <strong>${escapeHtml(m.languageName)}</strong> ${others.map((o) => `<a href="#${escapeHtml(anchor(o))}" lang="${escapeHtml(o.manifest.language)}" hreflang="${escapeHtml(o.manifest.language)}">${escapeHtml(o.manifest.languageName)}</a>`).join(' ')}</p>` : ''}
</div>
</header>
<h2>${escapeHtml(t('page-choose'))}</h2>
${
  set.page || school.length
    ? purpose(
        'school',
        t('page-school'),
        `${set.page ? schoolForm(set.page, t) : ''}
${school.length ? `<details><summary>${escapeHtml(t('page-ready-made'))}</summary>\n${list(school)}\n</details>` : ''}`,
      )
    : ''
}
${shop.length ? purpose('shop', t('page-shop'), `<p>${escapeHtml(t('page-shop-intro'))}</p>\n${list(shop)}\n${ticket}`) : ''}
${cards.length ? purpose('card-printer', t('page-card-printer'), `<p>${escapeHtml(t('page-card-printer-intro'))}</p>\n${list(cards)}`) : ''}
${worksheet.length ? purpose('worksheet', t('page-worksheet'), `<p>${escapeHtml(t('page-worksheet-intro'))}</p>\n${list(worksheet)}`) : ''}
${set.web ? `<p><a href="${escapeHtml(link(set.web))}">${escapeHtml(t('page-web'))}</a></p>` : ''}
<details><summary>${escapeHtml(t('page-all-files'))}</summary>
${list(files)}
</details>
</article>`;
}

/**
 * Decks by their `order` (decks without one after, by id), each deck's languages in the order its
 * deck.yaml lists them: the page opens on the first deck, in the browser's language or else the
 * deck's first.
 */
function pageOrder(a: BuiltSet, b: BuiltSet): number {
  const compare = (x: number, y: number) => (x === y ? 0 : x < y ? -1 : 1);
  const place = (set: BuiltSet) => set.page?.order ?? Number.POSITIVE_INFINITY;
  const rank = (set: BuiltSet) => {
    const index = set.page?.languages.indexOf(set.manifest.language) ?? -1;
    return index < 0 ? Number.POSITIVE_INFINITY : index;
  };
  return (
    compare(place(a), place(b)) ||
    a.manifest.deck.localeCompare(b.manifest.deck) ||
    compare(rank(a), rank(b)) ||
    a.manifest.language.localeCompare(b.manifest.language)
  );
}

function anchor(set: BuiltSet): string {
  return `${set.manifest.deck}-${set.manifest.language}`;
}

function size(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
