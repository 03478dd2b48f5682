import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from '../shared/escape-html.ts';

interface ManifestView {
  deck: string;
  language: string;
  title: string;
  languageName: string;
  direction: 'ltr' | 'rtl';
  downloadTitle: string;
  files: Array<{ file: string; bytes: number; label?: string; pages?: number }>;
}

/**
 * dist/index.html: every deck x language x file with its thumbnail and size, readable offline
 * (relative links, no scripts, no outside resources), each section in its own language.
 */
export async function writeIndexPage(out: string): Promise<string> {
  const manifests: ManifestView[] = [];
  for (const deck of (await readdir(out, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    for (const language of await readdir(path.join(out, deck.name), { withFileTypes: true })) {
      const file = path.join(out, deck.name, language.name, 'manifest.json');
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text) manifests.push(JSON.parse(text) as ManifestView);
    }
  }
  manifests.sort((a, b) => a.deck.localeCompare(b.deck) || a.language.localeCompare(b.language));
  const sections = manifests.map((m) => {
    const base = `${m.deck}/${m.language}`;
    const rows = m.files
      .map((f) => `<li><a href="${escapeHtml(`${base}/${f.file}`)}">${escapeHtml(f.label ?? f.file)}</a> <span class="meta">${escapeHtml(f.file)} · ${size(f.bytes)}${f.pages ? ` · ${f.pages} p.` : ''}</span></li>`)
      .join('\n');
    const thumb = m.files.some((f) => f.file === 'contact-sheet.png')
      ? `<a href="${escapeHtml(base)}/contact-sheet.png"><img src="${escapeHtml(base)}/contact-sheet.png" alt="" loading="lazy"></a>`
      : '';
    return `<section lang="${escapeHtml(m.language)}" dir="${m.direction}">
<h2>${escapeHtml(m.title)} <span class="lang">${escapeHtml(m.languageName)}</span></h2>
${thumb}
<h3>${escapeHtml(m.downloadTitle)}</h3>
<ul>
${rows}
</ul>
</section>`;
  });
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kaartenset</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d1d1b; }
section { border-top: 1px solid #ccc; padding: 1rem 0 1.5rem; }
h2 { margin: 0 0 .75rem; } .lang { font-weight: normal; color: #666; font-size: .8em; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; background: #e9e6df; }
ul { padding-left: 1.2rem; } li { margin: .3rem 0; } .meta { color: #777; font-size: .85em; }
</style>
</head>
<body>
<h1>kaartenset</h1>
${sections.join('\n')}
</body>
</html>
`;
  const file = path.join(out, 'index.html');
  await writeFile(file, html);
  return file;
}

function size(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
