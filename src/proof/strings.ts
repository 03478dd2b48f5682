/** The words of the proof documents, which a client reads: in the deck's language where we have it. */
export interface ProofStrings {
  /** The language these words are in: the deck's, or English where there are none in it. */
  lang: string;
  proof: string;
  before: string;
  after: string;
  difference: string;
  front: string;
  back: string;
  backOf: (category: string) => string;
  added: string;
  removed: string;
  changed: string;
  wordsAdded: string;
  wordsRemoved: string;
  look: string;
  changes: (count: number) => string;
  nothingChanged: string;
  approval: string;
  approved: string;
  approvedWithChanges: string;
  name: string;
  date: string;
  signature: string;
  deck: string;
  language: string;
  kind: string;
  all: string;
  geometry: string;
  sheets: string;
  keys: string;
  filter: string;
  /** The count of changes shown by the filters; `{n}` stands for the number shown. */
  shown: (total: number) => string;
  page: (page: number, pages: number) => string;
  /** The fields a card's text is in, by their locale key, where the deck's own labels (its `ui`) do not name them. */
  fields: Record<string, string>;
  /** The kinds of card, by template. */
  kinds: Record<string, string>;
  /** A changed area of a face: its size and where it is, the numbers already in the language's format. */
  area: (width: string, height: string, x: string, y: string) => string;
  /** The build the proof compares with: an earlier build folder written on `date`, or a git revision. */
  comparedWithBuild: (date: string) => string;
  comparedWithRevision: (revision: string) => string;
}

const en: ProofStrings = {
  lang: 'en',
  proof: 'Proof',
  before: 'Before',
  after: 'After',
  difference: 'Difference',
  front: 'front',
  back: 'back',
  backOf: (category) => `back of the ${category} cards`,
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  wordsAdded: 'words added',
  wordsRemoved: 'words removed',
  look: 'Marked',
  changes: (count) => (count === 1 ? '1 change' : `${count} changes`),
  nothingChanged: 'Nothing changed.',
  approval: "Client's approval",
  approved: 'Approved for print',
  approvedWithChanges: 'Approved with the changes marked',
  name: 'Name',
  date: 'Date',
  signature: 'Signature',
  deck: 'Deck',
  language: 'Language',
  kind: 'Kind',
  all: 'all',
  geometry: 'Size',
  sheets: 'Sheets',
  keys: 'Keys: j or ↓ next change, k or ↑ previous change.',
  filter: 'Show changes of',
  shown: (total) => `{n} of ${total} shown`,
  page: (page, pages) => `page ${page} of ${pages}`,
  fields: {
    title: 'title',
    body: 'text',
    name: 'name',
    back: 'back',
    question: 'question',
    questions: 'questions',
    example: 'example',
    steps: 'steps',
    when: 'when to use',
    origin: 'origin',
    text: 'text',
    'category name': 'category name',
    'deck title': 'deck title',
    'deck subtitle': 'deck subtitle',
  },
  kinds: {
    back: 'back',
    colophon: 'colophon',
    condition: 'condition',
    dilemma: 'dilemma',
    factor: 'factor',
    instruction: 'instruction',
    level: 'level',
    model: 'model',
    process: 'process',
    prompt: 'question card',
    role: 'role',
    round: 'round',
    signals: 'signals',
  },
  area: (width, height, x, y) => `an area of ${width} × ${height} mm, ${x} mm from the left and ${y} mm from the top`,
  comparedWithBuild: (date) => `compared with the build of ${date}`,
  comparedWithRevision: (revision) => `compared with version ${revision}`,
};

const nl: ProofStrings = {
  lang: 'nl',
  proof: 'Drukproef',
  before: 'Voor',
  after: 'Na',
  difference: 'Verschil',
  front: 'voorkant',
  back: 'achterkant',
  backOf: (category) => `achterkant van de kaarten ${category}`,
  added: 'toegevoegd',
  removed: 'verwijderd',
  changed: 'gewijzigd',
  wordsAdded: 'woorden erbij',
  wordsRemoved: 'woorden eraf',
  look: 'Gemarkeerd',
  changes: (count) => (count === 1 ? '1 wijziging' : `${count} wijzigingen`),
  nothingChanged: 'Er is niets veranderd.',
  approval: 'Akkoord van de opdrachtgever',
  approved: 'Akkoord voor druk',
  approvedWithChanges: 'Akkoord met de gemarkeerde correcties',
  name: 'Naam',
  date: 'Datum',
  signature: 'Handtekening',
  deck: 'Set',
  language: 'Taal',
  kind: 'Soort',
  all: 'alle',
  geometry: 'Formaat',
  sheets: 'Vellen',
  keys: 'Toetsen: j of ↓ volgende wijziging, k of ↑ vorige wijziging.',
  filter: 'Toon wijzigingen van',
  shown: (total) => `{n} van ${total} getoond`,
  page: (page, pages) => `pagina ${page} van ${pages}`,
  fields: {
    title: 'titel',
    body: 'tekst',
    name: 'naam',
    back: 'achterkant',
    question: 'vraag',
    questions: 'vragen',
    example: 'voorbeeld',
    steps: 'stappen',
    when: 'wanneer gebruiken',
    origin: 'herkomst',
    text: 'tekst',
    'category name': 'naam van de categorie',
    'deck title': 'titel van de set',
    'deck subtitle': 'ondertitel van de set',
  },
  kinds: {
    back: 'achterkant',
    colophon: 'colofon',
    condition: 'voorwaarde',
    dilemma: 'dilemma',
    factor: 'factor',
    instruction: 'uitleg',
    level: 'niveau',
    model: 'model',
    process: 'proces',
    prompt: 'vraagkaart',
    role: 'rol',
    round: 'ronde',
    signals: 'signalen',
  },
  area: (width, height, x, y) => `een gebied van ${width} × ${height} mm, ${x} mm van links en ${y} mm van boven`,
  comparedWithBuild: (date) => `vergeleken met de build van ${date}`,
  comparedWithRevision: (revision) => `vergeleken met versie ${revision}`,
};

const STRINGS: Record<string, ProofStrings> = { en, nl };

/** The proof's words in `language`, English where we have none (the deck's own words stay as they are). */
export function proofStrings(language: string): ProofStrings {
  return STRINGS[language.split('-')[0]!.toLowerCase()] ?? en;
}

/** A number of millimetres as the language writes it: `36,6` in Dutch. */
export function formatMm(value: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
}

/** A date (YYYY-MM-DD or a Date) as the language writes it in full: `7 december 2026`. */
export function formatDate(date: Date, language: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** What the proof calls a field: the deck's own label for it (its `ui`), else the proof's word for it, else its key. */
export function fieldLabel(field: string, ui: Record<string, unknown> | undefined, words: ProofStrings): string {
  const key = field.startsWith('ui.') ? field.slice(3) : field;
  const own = ui?.[key];
  const label = typeof own === 'string' && key !== 'title' ? own : (words.fields[key] ?? key);
  return label.charAt(0).toLocaleUpperCase(words.lang) + label.slice(1);
}
