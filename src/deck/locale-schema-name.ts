/** Each deck's own locale JSON Schema, beside its deck.yaml: the fields of the templates it uses. */
export const LOCALE_SCHEMA_FILE = 'locale.schema.json';

/** The first comment of every locale file: editors (yaml-language-server) read the deck's own schema. */
export const LOCALE_MODELINE = `yaml-language-server: $schema=../${LOCALE_SCHEMA_FILE}`;
