import type { z } from 'zod';
import { isScalar, visit } from 'yaml';
import { problem, sortProblems, type Problem } from '../shared/errors.ts';
import { describeInput } from './schema.ts';
import { problemAtPath, readYamlFile, type YamlSource } from './yaml-source.ts';

export interface Validated<T> {
  value?: T;
  problems: Problem[];
}

/** Checks a parsed YAML file against a schema and reports every issue at its source node. */
export function validateSource<S extends z.ZodType>(source: YamlSource, schema: S): Validated<z.output<S>> {
  const result = schema.safeParse(source.doc.toJS(), { reportInput: true });
  // A "__proto__" key is dropped without a word where the schema takes any key (card ids, card
  // texts): it is found in the file instead, and reported as the unknown key it is everywhere.
  // Control characters are found there too, in any text.
  const inFile = [...protoKeyProblems(source), ...controlCharacterProblems(source)];
  if (result.success) return inFile.length > 0 ? { problems: inFile } : { value: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) =>
    issueToProblems(source, schema, issue).filter(
      (problem) => !(problem.code === 'unknown-key' && /unknown key "__proto__"/.test(problem.message)),
    ),
  );
  return { problems: sortProblems([...inFile, ...problems]) };
}

/** The first C0 control but tab and line feed, DEL or C1 control: in a card they print as nothing or as an empty box. */
function firstControl(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f)) return code;
  }
  return undefined;
}

function controlCharacterProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  visit(source.doc, {
    Scalar(_, scalar) {
      if (typeof scalar.value !== 'string') return;
      const found = firstControl(scalar.value);
      if (found === undefined) return;
      const code = `U+${found.toString(16).toUpperCase().padStart(4, '0')}`;
      const { line, col } = source.lineCounter.linePos(scalar.range?.[0] ?? 0);
      problems.push(
        problem(
          'control-character',
          source,
          line,
          col,
          `the text holds the control character ${code}, which prints as nothing or as an empty box; remove it (a line break is a new line in the text)`,
        ),
      );
    },
  });
  return problems;
}

function protoKeyProblems(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  visit(source.doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      const { line, col } = source.lineCounter.linePos(pair.key.range?.[0] ?? 0);
      problems.push(problem('unknown-key', source, line, col, 'unknown key "__proto__": no setting, card or field has that name'));
    },
  });
  return problems;
}

/** Reads a YAML file and checks it against a schema: the problems of both, and the value when it is valid. */
export async function readValidated<S extends z.ZodType>(file: string, schema: S): Promise<Validated<z.output<S>>> {
  const read = await readYamlFile(file);
  if (!read.source) return { problems: read.problems };
  const validated = validateSource(read.source, schema);
  return { value: validated.value, problems: [...read.problems, ...validated.problems] };
}

function issueToProblems(source: YamlSource, schema: z.ZodType, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const where = path.length === 0 ? '' : `${path.join('.')}: `;
  if (issue.code === 'unrecognized_keys') {
    const accepted = acceptedKeys(schema, path);
    return issue.keys.map((key) =>
      problemAtPath(
        'unknown-key',
        source,
        path,
        `${where}unknown key "${key}"${accepted ? `; accepted keys: ${accepted.join(', ')}` : ''}`,
        { atKey: key },
      ),
    );
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    const parent = path.slice(0, -1);
    const key = path.at(-1);
    const parentWhere = parent.length === 0 ? '' : `${parent.join('.')}: `;
    return [problemAtPath('missing-key', source, parent, `${parentWhere}missing required key "${String(key)}" (${issue.expected})`)];
  }
  if (issue.code === 'invalid_type') {
    const ownWords = !issue.message.startsWith('Invalid input');
    return [
      problemAtPath(
        'invalid-type',
        source,
        path,
        `${where}${ownWords ? issue.message : `expected ${issue.expected}, got ${describeInput(issue.input)}`}`,
      ),
    ];
  }
  if (issue.code === 'invalid_value') {
    return [
      problemAtPath(
        'invalid-value',
        source,
        path,
        `${where}${describeInput(issue.input)} is not accepted; accepted values: ${issue.values.map(String).join(', ')}`,
      ),
    ];
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    return [problemAtPath('too-few-items', source, path, `${where}needs at least ${String(issue.minimum)} item(s)`)];
  }
  if (issue.code === 'too_big' && issue.origin === 'array') {
    return [problemAtPath('too-many-items', source, path, `${where}holds at most ${String(issue.maximum)} item(s)`)];
  }
  return [problemAtPath('invalid-value', source, path, `${where}${issue.message}`)];
}

/** The keys an object schema accepts at `path`, for "unknown key" messages. */
function acceptedKeys(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of [...path, null]) {
    current = unwrap(current);
    if (segment === null) break;
    const def: z.core.$ZodTypeDef | undefined = current?._zod.def;
    if (def?.type === 'object') current = (def as z.core.$ZodObjectDef).shape[String(segment)];
    else if (def?.type === 'record') current = (def as z.core.$ZodRecordDef).valueType;
    else if (def?.type === 'array') current = (def as z.core.$ZodArrayDef).element;
    else return undefined;
  }
  const def = current?._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : undefined;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as { type?: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType } | undefined;
    if (def?.innerType) current = def.innerType;
    else if (def?.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}
