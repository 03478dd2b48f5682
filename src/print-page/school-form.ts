import { escapeHtml } from '../shared/escape-html.ts';
import type { PrintPageSet } from './print-kit.ts';
import { MAX_SETS } from './school-choices.ts';

/** The form's words where a deck's locale has none (a deck made before the print page had them). */
export const SCHOOL_FORM_FALLBACK: Record<string, string> = {
  'page-paper': 'Paper',
  'page-printer': 'Printer',
  'page-long-edge': 'Double-sided, flip on the long edge (most printers)',
  'page-short-edge': 'Double-sided, flip on the short edge',
  'page-fold-over': 'Not double-sided: fold-over, front beside back',
  'page-printer-name': 'Printer name (the correction is remembered per printer)',
  'page-offset': 'What the calibration sheet shows (pages 1 and 2)',
  'page-offset-example':
    'Hold page 1 against the light and read on the scale where the bold cross sits, seen from the front. Example: the bold cross sits 1.5 mm right of the fine cross and 0.5 mm below it: type 1.5 and \u22120.5. Type what you see; the page works out the shift itself.',
  'page-offset-drawing':
    'Example: the bold cross sits 1.5 mm right of the fine cross and 0.5 mm below it; then type 1.5 (right is plus) and \u22120.5 (below is minus).',
  'page-offset-x': 'mm right (+) or left (\u2212) of the fine cross',
  'page-offset-y': 'mm above (+) or below (\u2212) the fine cross',
  'page-offset-none': 'No correction: the backs stay where they are.',
  'page-offset-effect': 'What the page will do: the backs move {moves}, as seen from the front.',
  'page-move-left': '{mm} mm to the left',
  'page-move-right': '{mm} mm to the right',
  'page-move-up': '{mm} mm up',
  'page-move-down': '{mm} mm down',
  'page-and': 'and',
  'page-offset-invalid': 'Type a number from \u22125 to 5 millimetres, with a comma or a point, for example 1.5 or \u22120.5.',
  'page-offset-too-far':
    'More than 5 mm is not a printer that is a little off: the calibration sheet was printed with \u201cfit to page\u201d or on other paper. Print pages 1 and 2 again at 100 % (actual size) on the paper chosen above, and read again.',
  'page-offset-unsaved': 'Nothing read yet for this printer with this paper and flip: print pages 1 and 2 and type what the scale shows.',
  'page-ink': 'Ink',
  'page-ink-standard': 'Full colour',
  'page-ink-low': 'Low ink',
  'page-ink-gray': 'Grayscale',
  'page-sets': 'Number of sets, 1 to {max} (for example one per group)',
  'page-sets-invalid': 'Type a whole number of sets from 1 to {max}.',
  'page-cards': 'Which cards',
  'page-cards-none': 'Choose at least one card.',
  'page-file-backs': 'backs',
  'page-cards-all': 'All cards (tick or clear them all at once)',
  'page-count': '{sets} \u00d7 {cards} cards: {sheets} sheets, {pages} pages (cover included). The cards come out set by set.',
  'page-make': 'Make the PDF',
  'page-progress': 'Sheet {done} of {total}',
  'page-done': 'Done: {file} is in your downloads.',
};

/** The words the page's script needs, by key, in the deck's language: carried on the form as data. */
const SCRIPT_WORDS = [
  'page-ink-standard',
  'page-ink-low',
  'page-ink-gray',
  'page-file-backs',
  'page-offset-invalid',
  'page-offset-too-far',
  'page-offset-none',
  'page-offset-effect',
  'page-move-left',
  'page-move-right',
  'page-move-up',
  'page-move-down',
  'page-and',
  'page-count',
  'page-progress',
  'page-done',
];

/**
 * A drawing of the worked example: the fine front cross with its millimetre scales (numbered, + to
 * the right and up, as on the calibration sheet), the bold back cross `reading` mm off it, and the
 * two numbers to type. Drawn with attributes, not styles: the page's policy allows no style attribute.
 */
function exampleDrawing(label: string, typed: [string, string], reading: { x: number; y: number }): string {
  const mm = 14;
  const centre = { x: 110, y: 100 };
  const steps = Array.from({ length: 13 }, (_, i) => i - 6).filter((i) => i !== 0);
  const ticks = steps
    .map((i) => {
      const long = i % 2 === 0 ? 5 : 3;
      return `<line x1="${centre.x + i * mm}" y1="${centre.y - long}" x2="${centre.x + i * mm}" y2="${centre.y + long}"/><line x1="${centre.x - long}" y1="${centre.y - i * mm}" x2="${centre.x + long}" y2="${centre.y - i * mm}"/>`;
    })
    .join('');
  const signed = (n: number) => (n > 0 ? `+${n}` : `\u2212${-n}`);
  const labels = [-6, -4, -2, 2, 4, 6]
    .map(
      (n) =>
        `<text x="${centre.x + n * mm}" y="${centre.y - 9}" text-anchor="middle">${signed(n)}</text><text x="${centre.x - 8}" y="${centre.y - n * mm + 4}" text-anchor="end">${signed(n)}</text>`,
    )
    .join('');
  const bold = { x: centre.x + reading.x * mm, y: centre.y - reading.y * mm };
  const arm = 13;
  const reach = 6 * mm + 4;
  return `<svg class="example" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 340 200" width="340" height="200">
<g stroke="#1d1d1b" stroke-width="1"><line x1="${centre.x - reach}" y1="${centre.y}" x2="${centre.x + reach}" y2="${centre.y}"/><line x1="${centre.x}" y1="${centre.y - reach}" x2="${centre.x}" y2="${centre.y + reach}"/>${ticks}</g>
<g stroke="#1d1d1b" stroke-width="4" opacity="0.6"><line x1="${bold.x - arm}" y1="${bold.y}" x2="${bold.x + arm}" y2="${bold.y}"/><line x1="${bold.x}" y1="${bold.y - arm}" x2="${bold.x}" y2="${bold.y + arm}"/></g>
<g fill="#1d1d1b" font-size="11" font-family="system-ui, sans-serif">${labels}</g>
<g fill="#1d1d1b" font-family="system-ui, sans-serif" font-weight="bold" font-size="18"><text x="232" y="92">\u2194 ${escapeHtml(typed[0])}</text><text x="232" y="122">\u2195 ${escapeHtml(typed[1])}</text></g>
<path d="M228 104 L${bold.x + arm + 4} ${bold.y + 2}" stroke="#1d1d1b" fill="none" stroke-width="1.25"/>
</svg>`;
}

/** The teacher's form for one set: every choice with its words, limits stated, and how to print, in the deck's language. */
export function schoolForm(page: PrintPageSet, t: (key: string) => string): string {
  const id = (name: string) => `${page.deck}-${page.language}-${name}`;
  const word = (key: string) => page.text[key] ?? SCHOOL_FORM_FALLBACK[key] ?? t(key);
  const radio = (name: string, value: string, label: string, checked: boolean) =>
    `<label><input type="radio" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
  const inks: Record<string, string> = {
    standard: word('page-ink-standard'),
    'low-ink': word('page-ink-low'),
    grayscale: word('page-ink-gray'),
  };
  const printers = [
    ...(page.duplex
      ? [
          ['long-edge', word('page-long-edge')],
          ['short-edge', word('page-short-edge')],
        ]
      : []),
    ['fold-over', word('page-fold-over')],
  ];
  const steps = (keys: string[]) =>
    `<ol>${keys
      .map((key) => page.text[key])
      .filter(Boolean)
      .map((step) => `<li>${escapeHtml(step!)}</li>`)
      .join('')}</ol>`;
  const max = (text: string) => text.replace('{max}', String(MAX_SETS));
  const error = (name: string, text: string) => `<p class="error" id="${id(`${name}-error`)}" hidden>${escapeHtml(text)}</p>`;
  const millimetres = (name: string, key: string) =>
    `<label for="${id(name)}">${escapeHtml(word(key))}</label>
<input type="text" class="short" inputmode="decimal" autocomplete="off" id="${id(name)}" name="${name}" value="0" aria-describedby="${id(`${name}-error`)} ${id('offset-effect')}">
${error(name, word('page-offset-invalid'))}`;
  const numbers = [...word('page-offset-drawing').matchAll(/[-\u2212]?\d+[.,]\d+/g)].map((match) => match[0]);
  const typed: [string, string] = [numbers.at(-2) ?? '1.5', numbers.at(-1) ?? '\u22120.5'];
  const reading = { x: Number(typed[0].replace(',', '.')), y: Number(typed[1].replace('\u2212', '-').replace(',', '.')) };
  const data = SCRIPT_WORDS.map((key) => ` data-${key}="${escapeHtml(word(key))}"`).join('');
  return `<p>${escapeHtml(t('page-school-intro'))}</p>
<noscript><p>${escapeHtml(t('page-needs-script'))}</p></noscript>
<form class="school-form" hidden novalidate${data} data-layouts="${escapeHtml(JSON.stringify(page.layouts))}" data-counts="${escapeHtml(JSON.stringify(Object.fromEntries(page.cards.map((card) => [card.id, card.count]))))}">
<fieldset class="inline"><legend>${escapeHtml(word('page-paper'))}</legend>
${page.papers.map((paper, i) => radio('paper', paper, paper, i === 0)).join('\n')}
</fieldset>
<fieldset><legend>${escapeHtml(word('page-printer'))}</legend>
${printers.map(([value, label], i) => radio('printer', value!, label!, i === 0)).join('\n')}
</fieldset>
<fieldset class="offset"${page.duplex ? '' : ' hidden'}><legend>${escapeHtml(word('page-offset'))}</legend>
<p>${escapeHtml(word('page-offset-example'))}</p>
${exampleDrawing(word('page-offset-drawing'), typed, reading)}
<label for="${id('printer-name')}">${escapeHtml(word('page-printer-name'))}</label>
<input type="text" id="${id('printer-name')}" name="printerName" autocomplete="off" aria-describedby="${id('unsaved')}">
<p class="unsaved" id="${id('unsaved')}" hidden>${escapeHtml(word('page-offset-unsaved'))}</p>
${millimetres('offsetX', 'page-offset-x')}
${millimetres('offsetY', 'page-offset-y')}
<p class="effect" id="${id('offset-effect')}">${escapeHtml(word('page-offset-none'))}</p>
</fieldset>
<fieldset class="inline"><legend>${escapeHtml(word('page-ink'))}</legend>
${page.inks.map((ink, i) => radio('ink', ink, inks[ink] ?? ink, i === 0)).join('\n')}
</fieldset>
<fieldset><legend><label for="${id('sets')}">${escapeHtml(max(word('page-sets')))}</label></legend>
<input type="text" class="short" inputmode="numeric" autocomplete="off" id="${id('sets')}" name="sets" value="1" aria-describedby="${id('sets-error')}">
${error('sets', max(word('page-sets-invalid')))}
</fieldset>
<fieldset class="cards-choice" aria-describedby="${id('cards-error')}"><legend>${escapeHtml(word('page-cards'))}</legend>
<label class="all-cards"><input type="checkbox" name="allCards" checked> ${escapeHtml(word('page-cards-all'))}</label>
<div class="cards">
${page.cards.map((card) => `<label><input type="checkbox" name="cards" value="${escapeHtml(card.id)}" checked> ${escapeHtml(card.title)}</label>`).join('\n')}
</div>
${error('cards', word('page-cards-none'))}
</fieldset>
<p class="count" id="${id('count')}"></p>
<p><button type="submit" aria-describedby="${id('count')}">${escapeHtml(word('page-make'))}</button></p>
<progress max="1" value="0" aria-labelledby="${id('progress')}" hidden></progress>
<p class="progress" id="${id('progress')}" hidden></p>
<p class="status" role="status" tabindex="-1"></p>
</form>
<h4>${escapeHtml(t('print-heading'))}</h4>
<div class="steps" data-printer="long-edge">${steps(['print-duplex-long-edge', 'print-scale', 'print-calibrate', 'print-cut'])}</div>
<div class="steps" data-printer="short-edge" hidden>${steps(['print-duplex-short-edge', 'print-scale', 'print-calibrate', 'print-cut'])}</div>
<div class="steps" data-printer="fold-over" hidden>${steps(['print-fold-over', 'print-scale', 'print-cut'])}</div>`;
}
