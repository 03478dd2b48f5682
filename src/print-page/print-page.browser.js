// The print page's script (dist/print-page.js once bundled): shows one deck x language set at a
// time, in the browser's language when the deck has it, and makes the school PDF in the browser
// with the build's own imposition code. Nothing is sent anywhere: the faces come from the set's
// print-kit.js (and print-kit-<ink>.js for another ink), loaded as scripts because a page opened
// from file:// may not fetch.
import { formatMm as formatUnsigned, schoolPdf } from '../impose/school-pdf.ts';
import { offsetEffect, offsetKey, readMillimetres, readSets, recalledReading, schoolFileName, schoolPageCount } from './school-choices.ts';

const PRINTER_KEY = 'kaartenset.printer-name';
const WORDS = ['page-offset-none', 'page-offset-effect', 'page-move-left', 'page-move-right', 'page-move-up', 'page-move-down', 'page-and'];

/** A remembered reading as the page's language writes it, signed when negative. */
const formatMm = (value, language) => `${value < 0 ? '\u2212' : ''}${formatUnsigned(value, language)}`;

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

/** Fills {name} placeholders. */
const fill = (text, values) => Object.entries(values).reduce((result, [key, value]) => result.replaceAll(`{${key}}`, String(value)), text);

for (const article of sets) {
  const form = article.querySelector('form.school-form');
  if (!form || !article.dataset.kit) continue;
  form.hidden = false;
  const language = article.lang;
  const word = (key) => form.getAttribute(`data-${key}`) ?? '';
  const layouts = JSON.parse(form.dataset.layouts ?? '{}');
  const counts = JSON.parse(form.dataset.counts ?? '{}');
  const status = form.querySelector('.status');
  const progress = form.querySelector('progress');
  const progressText = form.querySelector('p.progress');
  const count = form.querySelector('p.count');
  const effect = form.querySelector('p.effect');
  const button = form.querySelector('button');
  const field = (name) => form.elements.namedItem(name);
  const name = field('printerName');
  const offsetX = field('offsetX');
  const offsetY = field('offsetY');
  const setsField = field('sets');
  const region = (navigator.language ?? '').toLowerCase();
  const letter = form.querySelector('input[name="paper"][value="Letter"]');
  if (letter && /-(us|ca|mx|ph)$/.test(region)) letter.checked = true;

  const unsaved = form.querySelector('p.unsaved');
  const printerOf = () => String(new FormData(form).get('printer'));
  const paperOf = () => String(new FormData(form).get('paper'));

  /**
   * Puts the reading saved for this printer name, flip and paper in the fields; with nothing saved,
   * 0 / 0 and a line saying so. Without a name the fields keep what was typed.
   */
  const recall = () => {
    const printerName = name.value.trim();
    if (!printerName || printerOf() === 'fold-over') {
      unsaved.hidden = true;
      return;
    }
    const reading = recalledReading(remembered(offsetKey(printerName, printerOf(), paperOf())));
    [offsetX.value, offsetY.value] = [formatMm(reading.x, language), formatMm(reading.y, language)];
    unsaved.hidden = reading.saved;
  };
  name.value = remembered(PRINTER_KEY) ?? '';
  recall();
  name.addEventListener('change', recall);
  form.addEventListener('change', (event) => {
    if (['paper', 'printer'].includes(event.target?.name)) recall();
  });

  const chosenCards = () => new FormData(form).getAll('cards').map(String);

  /** Marks a field as refused or accepted, showing its message in the page's language. */
  const mark = (input, errorId, refused) => {
    if (input) input.setAttribute('aria-invalid', String(refused));
    form.querySelector(`[id="${errorId}"]`).hidden = !refused;
  };
  const errorOf = (input) => input.getAttribute('aria-describedby').split(' ')[0];
  const cardsError = form.querySelector('fieldset.cards-choice').getAttribute('aria-describedby');

  /** Every choice read and checked; `refused` lists the fields to fix, first first. */
  const read = () => {
    const foldOver = printerOf() === 'fold-over';
    const x = foldOver ? { ok: true, value: 0 } : readMillimetres(offsetX.value);
    const y = foldOver ? { ok: true, value: 0 } : readMillimetres(offsetY.value);
    const sets = readSets(setsField.value);
    const cards = chosenCards();
    const refused = [
      ...(x.ok ? [] : [offsetX]),
      ...(y.ok ? [] : [offsetY]),
      ...(sets.ok ? [] : [setsField]),
      ...(cards.length > 0 ? [] : [form.querySelector('input[name="cards"]')]),
    ];
    const data = new FormData(form);
    return {
      x,
      y,
      sets,
      cards,
      refused,
      choices: {
        paper: String(data.get('paper')),
        printer: printerOf(),
        offsetMm: { x: x.ok ? x.value : 0, y: y.ok ? y.value : 0 },
        ink: String(data.get('ink')),
        sets: sets.ok ? sets.value : 1,
        cards,
      },
    };
  };

  /** What the choices will make, shown before the PDF is made: the correction in words, the sheets and pages. */
  const shown = () => {
    const state = read();
    const printer = state.choices.printer;
    form.querySelector('fieldset.offset').hidden = printer === 'fold-over';
    for (const steps of article.querySelectorAll('.steps')) steps.hidden = steps.dataset.printer !== printer;
    effect.textContent =
      state.x.ok && state.y.ok
        ? offsetEffect(state.choices.offsetMm, Object.fromEntries(WORDS.map((key) => [key, word(key)])), language)
        : '';
    if (state.cards.length > 0) mark(undefined, cardsError, false);
    const layout = layouts[state.choices.paper]?.[printer];
    if (layout && state.sets.ok && state.cards.length > 0) {
      const perSet = state.cards.reduce((sum, card) => sum + (layout.copies ? (counts[card] ?? 1) : 1), 0);
      const { sheets, pages } = schoolPageCount(layout, perSet * state.sets.value);
      count.textContent = fill(word('page-count'), { sets: state.sets.value, cards: perSet, sheets, pages });
    } else {
      count.textContent = '';
    }
  };
  // One box ticks or clears every card, so no one has to step through them all; it shows whether
  // all, none (cleared) or some (mixed) are chosen.
  const allCards = field('allCards');
  const cardBoxes = [...form.querySelectorAll('input[name="cards"]')];
  form.addEventListener('change', (event) => {
    if (event.target === allCards) for (const box of cardBoxes) box.checked = allCards.checked;
    const ticked = cardBoxes.filter((box) => box.checked).length;
    allCards.checked = ticked === cardBoxes.length;
    allCards.indeterminate = ticked > 0 && ticked < cardBoxes.length;
  });
  form.addEventListener('change', shown);
  form.addEventListener('input', shown);
  shown();
  // A refusal is shown when the PDF is asked for, and goes as soon as the field is right again. Never
  // shown on leaving a field: the message would push the button away from under the pointer.
  for (const input of [offsetX, offsetY, setsField]) {
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true' && !read().refused.includes(input)) mark(input, errorOf(input), false);
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const state = read();
    for (const [input, reading] of [
      [offsetX, state.x],
      [offsetY, state.y],
    ]) {
      // Beyond the limit is told apart from a typing slip: it means the sheet was printed scaled.
      form.querySelector(`[id="${errorOf(input)}"]`).textContent = word(reading.tooFar ? 'page-offset-too-far' : 'page-offset-invalid');
      mark(input, errorOf(input), !reading.ok);
    }
    mark(setsField, errorOf(setsField), state.refused.includes(setsField));
    mark(undefined, cardsError, state.cards.length === 0);
    if (state.refused.length > 0) {
      // The last result said nothing of this request: it goes, so no one takes it for this one.
      status.textContent = '';
      state.refused[0].focus();
      return;
    }
    const { choices } = state;
    if (name.value.trim() && choices.printer !== 'fold-over') {
      remember(PRINTER_KEY, name.value.trim());
      remember(offsetKey(name.value, choices.printer, choices.paper), JSON.stringify(choices.offsetMm));
      unsaved.hidden = true;
    }
    button.disabled = true;
    progress.hidden = false;
    progressText.hidden = false;
    progress.removeAttribute('value');
    status.textContent = '';
    try {
      const kit = await loadKit(article, choices.ink);
      const bytes = await schoolPdf(kit, choices, async (done, total) => {
        progress.max = total;
        progress.value = done;
        progressText.textContent = fill(word('page-progress'), { done, total });
        await nextFrame();
      });
      const file = schoolFileName(
        { ...choices, deck: kit.deck, language: kit.language },
        {
          printers: kit.slugWords.printers,
          inks: { standard: word('page-ink-standard'), 'low-ink': word('page-ink-low'), grayscale: word('page-ink-gray') },
          backs: word('page-file-backs'),
          moves: Object.fromEntries(WORDS.map((key) => [key, word(key)])),
        },
      );
      download(bytes, file);
      status.textContent = fill(word('page-done'), { file });
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      button.disabled = false;
      progress.hidden = true;
      progressText.hidden = true;
      status.focus();
    }
  });
}
