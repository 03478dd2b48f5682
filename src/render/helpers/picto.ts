import Handlebars from 'handlebars';

/** Inlines a sanitised picto by name; an unknown name is a template error, not a silent gap. */
export function pictoHelper(pictos: Map<string, string>) {
  return (name: unknown): Handlebars.SafeString => {
    const svg = pictos.get(String(name));
    if (svg === undefined) throw new Error(`picto "${String(name)}" was not loaded`);
    return new Handlebars.SafeString(svg);
  };
}
