/**
 * The words kaartenset ships for every `ui` string: the labels of the shared card templates, the
 * sheets' slugs and covers, the download page and its file labels, the print page, the school
 * PDF made in the browser and the web edition. A deck's locale overrides only the strings it
 * wants other; a language given here needs no `ui` block at all. Each string says what it labels
 * and where it prints: the translator's comment in every export, the locale schema's description
 * and the list in docs/ui-strings.md (a test keeps that list equal to this one).
 */

/** Where a string prints, the headings of docs/ui-strings.md. */
export type UiPlace = 'card' | 'sheet' | 'download page' | 'print page' | 'school PDF' | 'web edition';

export interface UiString {
  key: string;
  place: UiPlace;
  /** What it labels and where exactly it prints, for translators and deck owners. */
  labels: string;
  /** The shipped words by language. */
  text: Readonly<Record<string, string>>;
}

const ui = (key: string, place: UiPlace, labels: string, nl: string, en: string): UiString => ({ key, place, labels, text: { nl, en } });

export const UI_STRINGS: readonly UiString[] = [
  ui('questions', 'card', 'heading over the list of questions on a card (prompt, factor, dilemma and other kinds)', 'Vragen', 'Questions'),
  ui('example', 'card', 'heading over the example box on a card', 'Voorbeeld', 'Example'),
  ui('steps', 'card', 'heading over the numbered steps on a card (process and model cards)', 'Stappen', 'Steps'),
  ui('interventions', 'card', 'heading over the examples of interventions on a level card', 'Voorbeelden', 'Examples'),
  ui('level', 'card', 'word before the level number on a level card ("Level 2")', 'Niveau', 'Level'),
  ui('origin', 'card', 'heading of the origin of a decision model, on a model card', 'Herkomst', 'Origin'),
  ui('when', 'card', 'heading of when to use a decision model, on a model card', 'Wanneer gebruiken', 'When to use it'),
  ui('about', 'card', 'heading of the colophon card', 'Colofon', 'About'),
  ui('source', 'card', 'label of the source line on the colophon card', 'Bron', 'Source'),
  ui(
    'reconstructed',
    'card',
    'label on the colophon card of the texts reconstructed where the sources are silent',
    'Gereconstrueerd',
    'Reconstructed',
  ),
  ui('invented', 'card', 'label on the colophon card of the invented examples', 'Verzonnen', 'Invented'),

  ui(
    'sheet',
    'sheet',
    'word before the sheet number in the slug line outside the trim of every press and school sheet ("Sheet 2 of 5")',
    'Vel',
    'Sheet',
  ),
  ui(
    'front-side',
    'sheet',
    'names the fronts page of a sheet in its slug line (lower case, after the sheet number)',
    'voorkanten',
    'fronts',
  ),
  ui(
    'back-side',
    'sheet',
    'names the backs page of a sheet in its slug line (lower case, after the sheet number)',
    'achterkanten',
    'backs',
  ),
  ui(
    'print-heading',
    'sheet',
    'heading of the cover page of the school sheets and of the school PDF the print page makes',
    'Zo print je de kaarten',
    'How to print the cards',
  ),
  ui(
    'print-duplex-long-edge',
    'sheet',
    'first step on the cover of double-sided school sheets whose printer flips on the long edge',
    'Print dubbelzijdig en laat het vel omslaan langs de lange zijde.',
    'Print double-sided, flipping on the long edge.',
  ),
  ui(
    'print-duplex-short-edge',
    'sheet',
    'first step on the cover of double-sided school sheets whose printer flips on the short edge',
    'Print dubbelzijdig en laat het vel omslaan langs de korte zijde.',
    'Print double-sided, flipping on the short edge.',
  ),
  ui(
    'print-fold-over',
    'sheet',
    'first step on the cover of fold-over school sheets (printed single-sided and folded)',
    'Print enkelzijdig. Vouw elk vel dubbel langs de stippellijn, bedrukte kanten naar buiten; plak de helften eventueel op elkaar.',
    'Print single-sided. Fold each sheet along the dotted line, printed sides out; glue the halves together if you like.',
  ),
  ui(
    'print-scale',
    'sheet',
    'step on the cover of the school sheets: print at actual size',
    "Kies schaal 100 % (werkelijke grootte) en zet 'aanpassen aan pagina' uit.",
    "Choose 100% scale (actual size) and turn 'fit to page' off.",
  ),
  ui(
    'print-calibrate',
    'sheet',
    'step on the cover of double-sided school sheets: print the calibration pages first',
    'Print eerst alleen pagina 1 en 2 en controleer of voor- en achterkant op elkaar vallen (zie onder).',
    'Print pages 1 and 2 on their own first, and check that front and back line up (see below).',
  ),
  ui(
    'print-cut',
    'sheet',
    'last step on the cover of the school sheets: how to cut the cards apart',
    'Snijd of knip de kaarten los langs een liniaal; de korte lijnen in de marge wijzen elke snede aan.',
    'Cut the cards apart along a ruler; the short lines in the margins mark each cut.',
  ),
  ui(
    'print-calibration',
    'sheet',
    'the calibration text under the crosses on the cover of double-sided school sheets: how to read the offset and where to type it',
    "Kalibratie: houd dit vel tegen het licht. Het dikke kruis van de achterkant hoort midden op elk fijn kruis te vallen. Valt het ernaast, lees dan op de schaal af waar het dikke kruis zit en typ precies dat op de printpagina (index.html, 'Printen op school'). Voorbeeld: het dikke kruis zit bij +1,5 rechts en bij −0,5 onder het midden: typ 1,5 en −0,5. Typ wat je ziet, niet het omgekeerde; de pagina schuift de achterkanten zelf de andere kant op en onthoudt het voor deze printer.",
    "Calibration: hold this sheet against the light. The bold cross of the back should sit in the centre of each fine cross. If it does not, read on the scale where the bold cross sits and type exactly that into the print page (index.html, 'Print at school'). Example: the bold cross sits at +1.5 to the right and at −0.5 below the middle: type 1.5 and −0.5. Type what you see, not its opposite; the page moves the backs the other way itself and remembers it for this printer.",
  ),

  ui(
    'download-title',
    'download page',
    'heading of the list of files in manifest.json (what a download page built from it shows)',
    'Downloads',
    'Downloads',
  ),
  ui(
    'file-cards',
    'download page',
    'label of cards.pdf (one page per face) on the print page, in manifest.json and in the build log',
    'Kaarten voor een kaartendrukker (één pagina per zijde, met afloop)',
    'Cards for a card printer (one page per side, with bleed)',
  ),
  ui(
    'file-press',
    'download page',
    'label of the press sheets (sheets-press-*.pdf) on the print page, in manifest.json, the PDF title and the build log; the paper follows in brackets',
    'Drukvellen voor de drukkerij, met snijtekens',
    'Press sheets for the print shop, with crop marks',
  ),
  ui(
    'file-school',
    'download page',
    'label of the double-sided school sheets (sheets-school-*.pdf) on the print page, in manifest.json, the PDF title and the build log; also the ink choice of the print page',
    'Printvellen voor school, dubbelzijdig',
    'Sheets to print at school, double-sided',
  ),
  ui(
    'file-fold-over',
    'download page',
    'label of the fold-over school sheets (front beside back, single-sided) on the print page, in manifest.json, the PDF title and the build log',
    'Vouwvellen voor school, enkelzijdig: voor- en achterkant naast elkaar',
    'Fold-over sheets for school, single-sided: front beside back',
  ),
  ui(
    'file-low-ink',
    'download page',
    'added in brackets to the label of the low-ink variant of a sheets file (lower case)',
    'zuinig met inkt',
    'low ink',
  ),
  ui(
    'file-grayscale',
    'download page',
    'added in brackets to the label of the grayscale variant of a sheets file (lower case)',
    'grijstinten',
    'greyscale',
  ),
  ui('file-cmyk', 'download page', 'added in brackets to the label of the CMYK PDF/X press sheets (built with --cmyk)', 'CMYK', 'CMYK'),
  ui(
    'file-die',
    'download page',
    'label of the die line file (sheets-press-*-die.pdf, for a deck with cornerRadius): the cut contour of every card, no artwork; the paper follows in brackets',
    'Stanslijn voor de drukkerij: snijcontour CutContour van elke kaart, zonder drukwerk',
    'Die line for the print shop: the CutContour cut line of every card, no artwork',
  ),
  ui(
    'file-print-and-cut',
    'download page',
    'added in brackets to the label of the print-and-cut press sheets (for a deck with cornerRadius): the press sheets with the cut contour on the fronts',
    'print-and-cut, met snijcontour CutContour op de voorkanten',
    'print-and-cut, with the CutContour cut line on the fronts',
  ),
  ui(
    'file-work-and-turn',
    'download page',
    'added in brackets to the label of work-and-turn press sheets (one plate for both sides)',
    'omslaan: één drukvorm, twee van elke kaart per vel',
    'work-and-turn: one plate, two of every card per sheet',
  ),
  ui(
    'file-worksheet',
    'download page',
    'label of the fillable worksheet PDF on the print page, in manifest.json and the build log',
    'Invulblad (in te vullen op de computer of met de hand)',
    'Worksheet (fill in on screen or by hand)',
  ),
  ui(
    'file-contact-sheet',
    'download page',
    'label of contact-sheet.png (every card in one image) on the print page and in manifest.json',
    'Overzicht van alle kaarten (afbeelding)',
    'All cards at a glance (image)',
  ),
  ui(
    'file-manifest',
    'download page',
    'label of manifest.json (and preflight.txt) on the print page',
    'Gegevens voor de drukker (manifest en preflight)',
    'Data for the printer (manifest and preflight)',
  ),
  ui(
    'file-web',
    'download page',
    'label of the web edition (web/index.html) on the print page and in manifest.json',
    'Webversie (toegankelijk, werkt ook offline)',
    'Web edition (accessible, works offline)',
  ),

  ui(
    'page-choose',
    'print page',
    'heading of a deck on the print page (index.html), over the ways to get the cards',
    'Kies wat je wilt maken',
    'Choose what to make',
  ),
  ui('page-language', 'print page', 'label before the links to the other languages of a deck on the print page', 'Taal', 'Language'),
  ui(
    'page-school',
    'print page',
    'heading of the part of the print page that makes the school PDF in the browser',
    'Printen op school',
    'Print at school',
  ),
  ui(
    'page-school-intro',
    'print page',
    'introduction under "Print at school" on the print page',
    'Maak hier de PDF voor de printer van school. Alles gebeurt in deze browser; er wordt niets verstuurd.',
    "Make the PDF for the school's printer here. Everything happens in this browser; nothing is uploaded.",
  ),
  ui('page-paper', 'print page', 'label of the paper choice (A4, Letter) on the print page', 'Papier', 'Paper'),
  ui('page-printer', 'print page', 'label of the choice of how the printer prints double-sided, on the print page', 'Printer', 'Printer'),
  ui(
    'page-long-edge',
    'print page',
    'printer choice on the print page: double-sided, flipping on the long edge',
    'Dubbelzijdig, omslaan langs de lange zijde (de meeste printers)',
    'Double-sided, flip on the long edge (most printers)',
  ),
  ui(
    'page-short-edge',
    'print page',
    'printer choice on the print page: double-sided, flipping on the short edge',
    'Dubbelzijdig, omslaan langs de korte zijde',
    'Double-sided, flip on the short edge',
  ),
  ui(
    'page-fold-over',
    'print page',
    'printer choice on the print page: single-sided fold-over sheets',
    'Niet dubbelzijdig: vouwvel, voor- en achterkant naast elkaar',
    'Not double-sided: fold-over, front beside back',
  ),
  ui(
    'page-printer-name',
    'print page',
    'label of the field for the printer name on the print page (the correction is stored per name)',
    'Naam van de printer (de correctie wordt per printer onthouden)',
    'Printer name (the correction is remembered per printer)',
  ),
  ui(
    'page-offset',
    'print page',
    'heading of the two fields where the calibration reading is typed, on the print page',
    'Wat het kalibratievel laat zien (pagina 1 en 2)',
    'What the calibration sheet shows (pages 1 and 2)',
  ),
  ui(
    'page-offset-x',
    'print page',
    'label of the horizontal reading field on the print page',
    'mm rechts (+) of links (−) van het fijne kruis',
    'mm right (+) or left (−) of the fine cross',
  ),
  ui(
    'page-offset-y',
    'print page',
    'label of the vertical reading field on the print page',
    'mm boven (+) of onder (−) het fijne kruis',
    'mm above (+) or below (−) the fine cross',
  ),
  ui(
    'page-offset-example',
    'print page',
    'explanation beside the reading fields on the print page: how to read the calibration sheet',
    'Houd pagina 1 tegen het licht en lees op de schaal af waar het dikke kruis zit, gezien vanaf de voorkant. Voorbeeld: het dikke kruis zit 1,5 mm rechts van het fijne kruis en 0,5 mm eronder: typ 1,5 en −0,5. Typ wat je ziet; de pagina rekent de verschuiving zelf uit.',
    'Hold page 1 against the light and read on the scale where the bold cross sits, seen from the front. Example: the bold cross sits 1.5 mm right of the fine cross and 0.5 mm below it: type 1.5 and −0.5. Type what you see; the page works out the shift itself.',
  ),
  ui(
    'page-offset-drawing',
    'print page',
    'text alternative of the drawing of a calibration reading on the print page',
    'Voorbeeld: het dikke kruis zit 1,5 mm rechts van het fijne kruis en 0,5 mm eronder; typ dan 1,5 (rechts is plus) en −0,5 (onder is min).',
    'Example: the bold cross sits 1.5 mm right of the fine cross and 0.5 mm below it; then type 1.5 (right is plus) and −0.5 (below is minus).',
  ),
  ui(
    'page-offset-none',
    'print page',
    'what the print page says it will do when both readings are 0',
    'Geen correctie: de achterkanten blijven waar ze staan.',
    'No correction: the backs stay where they are.',
  ),
  ui(
    'page-offset-effect',
    'print page',
    'what the print page says it will do with a reading; {moves} is one or two of the page-move strings joined by page-and',
    'Wat de pagina doet: de achterkanten schuiven {moves}, gezien vanaf de voorkant.',
    'What the page will do: the backs move {moves}, as seen from the front.',
  ),
  ui(
    'page-move-left',
    'print page',
    'one move in page-offset-effect and the school PDF slug; {mm} is a number',
    '{mm} mm naar links',
    '{mm} mm to the left',
  ),
  ui(
    'page-move-right',
    'print page',
    'one move in page-offset-effect and the school PDF slug; {mm} is a number',
    '{mm} mm naar rechts',
    '{mm} mm to the right',
  ),
  ui(
    'page-move-up',
    'print page',
    'one move in page-offset-effect and the school PDF slug; {mm} is a number',
    '{mm} mm omhoog',
    '{mm} mm up',
  ),
  ui(
    'page-move-down',
    'print page',
    'one move in page-offset-effect and the school PDF slug; {mm} is a number',
    '{mm} mm omlaag',
    '{mm} mm down',
  ),
  ui('page-and', 'print page', 'joins two moves in page-offset-effect and the school PDF slug', 'en', 'and'),
  ui(
    'page-offset-invalid',
    'print page',
    'error under a reading field on the print page when it holds no number from −5 to 5',
    'Typ een getal van −5 tot en met 5 millimeter, met een komma of een punt, bijvoorbeeld 1,5 of −0,5.',
    'Type a number from −5 to 5 millimetres, with a comma or a point, for example 1.5 or −0.5.',
  ),
  ui(
    'page-offset-too-far',
    'print page',
    'error under a reading field on the print page when the reading is more than 5 mm',
    "Meer dan 5 mm is geen printer die iets verschuift: het kalibratievel is geprint met 'aanpassen aan pagina' of op ander papier. Print pagina 1 en 2 opnieuw op 100 % (werkelijke grootte), op het papier dat hierboven gekozen is, en lees opnieuw af.",
    "More than 5 mm is not a printer that is a little off: the calibration sheet was printed with 'fit to page' or on other paper. Print pages 1 and 2 again at 100% (actual size), on the paper chosen above, and read again.",
  ),
  ui(
    'page-offset-unsaved',
    'print page',
    'note on the print page when nothing was read yet for this printer, paper and flip',
    'Voor deze printer is met dit papier en deze manier van omslaan nog niets afgelezen: print pagina 1 en 2 en typ wat de schaal laat zien.',
    'Nothing read yet for this printer with this paper and flip: print pages 1 and 2 and type what the scale shows.',
  ),
  ui('page-ink', 'print page', 'label of the ink choice on the print page', 'Inkt', 'Ink'),
  ui(
    'page-ink-standard',
    'print page',
    'ink choice on the print page, also named in the school PDF file name',
    'Volledige kleur',
    'Full colour',
  ),
  ui('page-ink-low', 'print page', 'ink choice on the print page, also named in the school PDF file name', 'Zuinig met inkt', 'Low ink'),
  ui('page-ink-gray', 'print page', 'ink choice on the print page, also named in the school PDF file name', 'Grijstinten', 'Greyscale'),
  ui(
    'page-sets',
    'print page',
    'label of the number of sets on the print page; {max} is the largest number allowed',
    'Aantal sets, 1 tot en met {max} (bijvoorbeeld één per groep)',
    'Number of sets, 1 to {max} (for example one per group)',
  ),
  ui(
    'page-sets-invalid',
    'print page',
    'error under the number of sets on the print page; {max} is the largest number allowed',
    'Typ een heel aantal sets van 1 tot en met {max}.',
    'Type a whole number of sets from 1 to {max}.',
  ),
  ui('page-cards', 'print page', 'heading of the card picker on the print page', 'Welke kaarten', 'Which cards'),
  ui(
    'page-cards-all',
    'print page',
    'the box that ticks or clears every card in the card picker of the print page',
    'Alle kaarten (in één keer aan of uit)',
    'All cards (tick or clear them all at once)',
  ),
  ui(
    'page-cards-none',
    'print page',
    'error on the print page when no card is picked',
    'Kies minstens één kaart.',
    'Choose at least one card.',
  ),
  ui(
    'page-count',
    'print page',
    'what the chosen school PDF will hold, under the card picker; {sets}, {cards}, {sheets} and {pages} are numbers',
    "{sets} × {cards} kaarten: {sheets} vellen, {pages} pagina's (met het voorblad). De kaarten komen set voor set uit de printer.",
    '{sets} × {cards} cards: {sheets} sheets, {pages} pages (cover included). The cards come out set by set.',
  ),
  ui('page-make', 'print page', 'the button that makes the school PDF on the print page', 'Maak de PDF', 'Make the PDF'),
  ui(
    'page-progress',
    'print page',
    'progress while the print page makes the PDF; {done} and {total} are sheet numbers',
    'Bezig met vel {done} van {total}',
    'Sheet {done} of {total}',
  ),
  ui(
    'page-done',
    'print page',
    'message on the print page once the PDF is saved; {file} is its file name',
    'Klaar: {file} staat in je downloads.',
    'Done: {file} is in your downloads.',
  ),
  ui('page-file-backs', 'print page', 'word in the name of a school PDF that holds only backs (lower case)', 'achterkanten', 'backs'),
  ui(
    'page-needs-script',
    'print page',
    'note on the print page in a browser without JavaScript',
    'Voor het maken van de PDF is JavaScript nodig; de kant-en-klare bestanden hieronder werken altijd.',
    'Making the PDF needs JavaScript; the ready-made files below always work.',
  ),
  ui(
    'page-ready-made',
    'print page',
    'summary of the ready-made school sheets (default settings) on the print page',
    'Kant-en-klaar, met de standaardinstellingen',
    'Ready-made, with the default settings',
  ),
  ui('page-shop', 'print page', 'heading of the files for the print shop on the print page', 'Naar de drukkerij', 'Send to the print shop'),
  ui(
    'page-shop-intro',
    'print page',
    'introduction under "Send to the print shop" on the print page',
    'Geef de drukkerij deze drukvellen, met snijtekens en afloop, en de gegevens voor de drukker.',
    'Give the print shop these press sheets, with crop marks and bleed, and the details for the printer.',
  ),
  ui(
    'page-card-printer',
    'print page',
    'heading of the files for a card printing service on the print page',
    'Kaartendrukker',
    'Card printer',
  ),
  ui(
    'page-card-printer-intro',
    'print page',
    'introduction under "Card printer" on the print page',
    'Voor een kaartendrukkerij: één pagina per zijde, voorkant en dan achterkant, met afloop.',
    'For a card printing service: one page per face, front then back, with bleed.',
  ),
  ui('page-worksheet', 'print page', 'heading of the worksheet on the print page', 'Invulblad', 'Worksheet'),
  ui(
    'page-worksheet-intro',
    'print page',
    'introduction under "Worksheet" on the print page',
    'Vul het in op de computer (in elke pdf-lezer) of print het leeg.',
    'Fill it in on a computer (in any PDF reader) or print it blank.',
  ),
  ui(
    'page-web',
    'print page',
    'link from the print page to the web edition',
    'Bekijk de kaarten in de browser',
    'View the cards in the browser',
  ),
  ui('page-all-files', 'print page', 'summary of the list of every file of a deck on the print page', 'Alle bestanden', 'All files'),

  ui(
    'print-slug-long-edge',
    'school PDF',
    'in the slug line of a school PDF made on the print page: how it prints',
    'dubbelzijdig, lange zijde',
    'double-sided, long edge',
  ),
  ui(
    'print-slug-short-edge',
    'school PDF',
    'in the slug line of a school PDF made on the print page: how it prints',
    'dubbelzijdig, korte zijde',
    'double-sided, short edge',
  ),
  ui(
    'print-slug-fold-over',
    'school PDF',
    'in the slug line of a school PDF made on the print page: how it prints',
    'vouwvel',
    'fold-over',
  ),
  ui(
    'print-slug-correction',
    'school PDF',
    'in the slug line of a school PDF made on the print page: the reading typed and what it did; {x} and {y} are readings, {moves} the moves',
    'afgelezen {x} / {y} · achterkanten {moves}',
    'read {x} / {y} · backs {moves}',
  ),
  ui('print-slug-right', 'school PDF', 'direction of a reading in the slug line of a school PDF', 'rechts', 'right'),
  ui('print-slug-left', 'school PDF', 'direction of a reading in the slug line of a school PDF', 'links', 'left'),
  ui('print-slug-above', 'school PDF', 'direction of a reading in the slug line of a school PDF', 'boven', 'above'),
  ui('print-slug-below', 'school PDF', 'direction of a reading in the slug line of a school PDF', 'onder', 'below'),
  ui('print-slug-unmoved', 'school PDF', 'in the slug line of a school PDF when the backs were not moved', 'niet verschoven', 'not moved'),
  ui(
    'print-file-sets',
    'school PDF',
    'in the title of a school PDF made on the print page; {sets} is a number',
    'aantal sets: {sets}',
    'sets: {sets}',
  ),
  ui(
    'print-file-subject',
    'school PDF',
    "the subject in a school PDF's document properties; {sheets} and {cards} are numbers",
    '{sheets} vellen, {cards} kaarten per vel',
    '{sheets} sheets, {cards} cards per sheet',
  ),

  ui(
    'web-keys',
    'web edition',
    'how to move through the cards with the keyboard, at the top of the web edition',
    'Met Tab of de pijltjestoetsen ga je van kaart naar kaart; Home en End gaan naar de eerste en de laatste kaart. Enter op een kaart, of de knop Presenteren, toont die kaart schermvullend.',
    'Tab or the arrow keys move from card to card; Home and End go to the first and the last card. Enter on a card, or the Present button, shows that card full screen.',
  ),
  ui(
    'web-present',
    'web edition',
    'the button that shows one card per screen, in the web edition',
    'Presenteren (één kaart per scherm)',
    'Present (one card per screen)',
  ),
  ui(
    'web-present-keys',
    'web edition',
    'the keys while presenting, at the foot of the screen in the web edition',
    'Volgende kaart: → ↓ of Page Down · vorige: ← ↑ of Page Up · eerste en laatste: Home en End · stoppen: Esc',
    'Next card: → ↓ or Page Down · previous: ← ↑ or Page Up · first and last: Home and End · stop: Esc',
  ),
  ui('web-previous', 'web edition', 'button to the previous card while presenting', 'Vorige kaart', 'Previous card'),
  ui('web-next', 'web edition', 'button to the next card while presenting', 'Volgende kaart', 'Next card'),
  ui('web-stop', 'web edition', 'button that stops presenting', 'Stoppen met presenteren', 'Stop presenting'),
  ui(
    'web-print-page',
    'web edition',
    'link from the web edition to the print page',
    'De kaarten printen op school',
    'Print the cards at school',
  ),
];

/** The languages kaartenset ships ui words in. */
export const UI_LANGUAGES: readonly string[] = [...new Set(UI_STRINGS.flatMap(({ text }) => Object.keys(text)))];

const BY_KEY = new Map(UI_STRINGS.map((entry) => [entry.key, entry]));

/** The shipped string of `key`, when there is one. */
export function uiString(key: string): UiString | undefined {
  return BY_KEY.get(key);
}

/** The shipped words of `key` in `language` (a region falls back to its language: en-GB to en). */
export function defaultUiText(key: string, language: string): string | undefined {
  const entry = BY_KEY.get(key);
  if (!entry) return undefined;
  return entry.text[language] ?? entry.text[language.split('-')[0]!];
}

/** Every shipped string in `language`, by key: the words a deck without a ui block prints. */
export function shippedUi(language: string): Record<string, string> {
  return Object.fromEntries(
    UI_STRINGS.flatMap(({ key }) => {
      const text = defaultUiText(key, language);
      return text === undefined ? [] : [[key, text]];
    }),
  );
}

const PLACES: ReadonlyArray<[UiPlace, string]> = [
  ['card', 'On the cards (labels of the shared card templates; a deck needs only those its templates show)'],
  ['sheet', 'On the press and school sheets (slug line and school cover)'],
  ['download page', 'File labels (print page, manifest.json, PDF titles, build log)'],
  ['print page', 'The print page (index.html)'],
  ['school PDF', 'The school PDF the print page makes'],
  ['web edition', 'The web edition (web/index.html)'],
];

/** docs/ui-strings.md: every shipped string by where it prints, with what it labels and its words. */
export function uiStringsDoc(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const languages = UI_LANGUAGES;
  const sections = PLACES.map(([place, heading]) => {
    const rows = UI_STRINGS.filter((entry) => entry.place === place).map(
      ({ key, labels, text }) =>
        `| \`${key}\` | ${cell(labels)} | ${languages.map((language) => cell(text[language] ?? '')).join(' | ')} |`,
    );
    return `## ${heading}\n\n| key | what it labels, where it prints | ${languages.join(' | ')} |\n| --- | --- | ${languages.map(() => '---').join(' | ')} |\n${rows.join('\n')}\n`;
  });
  return `# The ui strings

<!-- Made by \`npm run schema\` from src/deck/ui-strings.ts; a test keeps the two equal. Edit that file, not this one. -->

kaartenset ships the words of every label, sheet, page and file name below in ${languages.join(' and ')}. A deck's
locale needs no \`ui:\` block: it writes under \`ui:\` only the strings it wants to say otherwise, and the
labels of its own card templates. A deck in a language kaartenset has no words for writes them all
(\`i18n add\` and \`i18n export\` list them with the shipped words as their source); \`check\` names each
one that is missing. Where a deck's source language says a string otherwise, each translation says
it otherwise too: the shipped translation would translate other words.

${sections.join('\n')}`;
}
