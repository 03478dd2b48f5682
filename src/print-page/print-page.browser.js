// The print page's script (dist/print-page.js once bundled): shows one deck x language set at a
// time, in the browser's language when the deck has it, and makes the school PDF in the browser
// with the build's own imposition code. Nothing is sent anywhere: the faces come from the set's
// print-kit.js (and print-kit-<ink>.js for another ink), loaded as scripts because a page opened
// from file:// may not fetch.
import { schoolPdf } from '../impose/school-pdf.ts';

const OFFSET_KEY = 'kaartenset.printer-offset.';
const PRINTER_KEY = 'kaartenset.printer-name';

document.documentElement.classList.add('js');
const sets = [...document.querySelectorAll('article.set')];
const links = [...document.querySelectorAll('nav.sets a')];

/** Shows one set; the deck list names each deck once, in this set's language where the deck has it. */
function show(article) {
  for (const set of sets) set.classList.toggle('shown', set === article);
  for (const link of links) {
    const ofDeck = links.filter((other) => other.dataset.deck === link.dataset.deck);
    const shown = ofDeck.find((other) => other.dataset.language === article.dataset.language) ?? ofDeck[0];
    link.hidden = link !== shown;
    link.setAttribute('aria-current', String(link.hash === `#${article.id}`));
  }
  document.documentElement.lang = article.lang;
  document.title = article.querySelector('h1')?.textContent ?? document.title;
}

/** The set named in the address, else the first deck's set in the first language the browser asks for, else the first. */
function initialSet() {
  const named = sets.find((set) => `#${set.id}` === location.hash);
  if (named) return named;
  const firstDeck = sets[0]?.dataset.deck;
  const ofDeck = sets.filter((set) => set.dataset.deck === firstDeck);
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const code = wanted.toLowerCase();
    const match = ofDeck.find((set) => set.dataset.language === code) ?? ofDeck.find((set) => set.dataset.language === code.split('-')[0]);
    if (match) return match;
  }
  return sets[0];
}

if (sets.length > 0) show(initialSet());
window.addEventListener('hashchange', () => {
  const article = sets.find((set) => `#${set.id}` === location.hash);
  if (article) show(article);
});

function remembered(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // A browser that keeps nothing for file:// pages: the offset is typed again next time.
  }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.append(script);
  });
}

/** The set's kit with the faces of `ink`: print-kit.js first, then print-kit-<ink>.js for an ink other than full colour. */
async function loadKit(article, ink) {
  const key = `${article.dataset.deck}/${article.dataset.language}`;
  const loaded = () => window.kaartensetKits?.[key];
  if (!loaded()) await loadScript(article.dataset.kit);
  const kit = loaded();
  if (!kit) throw new Error(`${article.dataset.kit} holds no print kit for ${key}`);
  if (!kit.faces[ink]) await loadScript(article.dataset.kit.replace(/\.js$/, `-${ink}.js`));
  return kit;
}

function choicesOf(form) {
  const data = new FormData(form);
  const number = (name) => Number(String(data.get(name) ?? '0').replace(',', '.')) || 0;
  return {
    paper: String(data.get('paper')),
    printer: String(data.get('printer')),
    offsetMm: { x: number('offsetX'), y: number('offsetY') },
    ink: String(data.get('ink')),
    sets: Math.max(1, Math.round(number('sets'))),
    cards: data.getAll('cards').map(String),
  };
}

function download(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

for (const article of sets) {
  const form = article.querySelector('form.school-form');
  if (!form || !article.dataset.kit) continue;
  form.hidden = false;
  const status = form.querySelector('.status');
  const progress = form.querySelector('progress');
  const button = form.querySelector('button');
  const name = form.elements.namedItem('printerName');
  const offsetX = form.elements.namedItem('offsetX');
  const offsetY = form.elements.namedItem('offsetY');
  const region = (navigator.language ?? '').toLowerCase();
  const letter = form.querySelector('input[name="paper"][value="Letter"]');
  if (letter && /-(us|ca|mx|ph)$/.test(region)) letter.checked = true;

  const recall = () => {
    const saved = JSON.parse(remembered(OFFSET_KEY + name.value.trim()) ?? 'null');
    if (saved) [offsetX.value, offsetY.value] = [String(saved.x), String(saved.y)];
  };
  name.value = remembered(PRINTER_KEY) ?? '';
  if (name.value) recall();
  name.addEventListener('change', recall);

  const printerShown = () => {
    const printer = new FormData(form).get('printer');
    form.querySelector('fieldset.offset').hidden = printer === 'fold-over';
    for (const steps of article.querySelectorAll('.steps')) steps.hidden = steps.dataset.printer !== printer;
  };
  form.addEventListener('change', printerShown);
  printerShown();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const choices = choicesOf(form);
    if (name.value.trim()) {
      remember(PRINTER_KEY, name.value.trim());
      remember(OFFSET_KEY + name.value.trim(), JSON.stringify(choices.offsetMm));
    }
    button.disabled = true;
    progress.hidden = false;
    progress.removeAttribute('value');
    status.textContent = '';
    try {
      const kit = await loadKit(article, choices.ink);
      const bytes = await schoolPdf(kit, choices, async (done, total) => {
        progress.max = total;
        progress.value = done;
        status.textContent = status.dataset.progress.replace('{done}', String(done)).replace('{total}', String(total));
        await nextFrame();
      });
      const ink = choices.ink === 'standard' ? '' : `-${choices.ink}`;
      const file = `${kit.deck}-${kit.language}-${choices.paper.toLowerCase()}-${choices.printer}${ink}.pdf`;
      download(bytes, file);
      status.textContent = status.dataset.done.replace('{file}', file);
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      button.disabled = false;
      progress.hidden = true;
    }
  });
}
