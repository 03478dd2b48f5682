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
  look: 'look',
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
  look: 'uiterlijk',
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
};

const STRINGS: Record<string, ProofStrings> = { en, nl };

/** The proof's words in `language`, English where we have none (the deck's own words stay as they are). */
export function proofStrings(language: string): ProofStrings {
  return STRINGS[language.split('-')[0]!.toLowerCase()] ?? en;
}
