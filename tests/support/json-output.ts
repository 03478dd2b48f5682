import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Problem } from '../../src/shared/errors.ts';
import { REPO } from './fixtures.ts';

/** What a command printed with --json, judged by Ajv against the committed schema/problems.schema.json. */
export async function validJsonOutput(
  stdout: string,
): Promise<{ valid: boolean; errors: string[]; output: { problems: Problem[] } & Record<string, unknown> }> {
  const schema = JSON.parse(await readFile(path.join(REPO, 'schema', 'problems.schema.json'), 'utf8'));
  const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);
  const output = JSON.parse(stdout) as { problems: Problem[] } & Record<string, unknown>;
  const valid = validate(output);
  return {
    valid,
    errors: (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`),
    output,
  };
}
