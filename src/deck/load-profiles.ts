import path from 'node:path';
import type { Problem } from '../shared/errors.ts';
import { readValidated } from './validate.ts';
import { problemAtPath, type YamlSource } from './yaml-source.ts';
import { SheetProfileSchema, type SheetProfile } from './sheet-profile-schema.ts';
import { exists } from '../shared/file-exists.ts';

/** Loads the sheet profiles a deck names from templates/sheets/, each validated like a deck file. */
export async function loadProfiles(
  templatesDir: string,
  names: string[],
  deckSource: YamlSource,
): Promise<{ profiles: Map<string, SheetProfile>; problems: Problem[] }> {
  const profiles = new Map<string, SheetProfile>();
  const problems: Problem[] = [];
  for (const [index, name] of names.entries()) {
    const file = path.join(templatesDir, 'sheets', `${name}.yaml`);
    if (!(await exists(file))) {
      problems.push(
        problemAtPath(
          'sheet-profile-not-found',
          deckSource,
          ['profiles', index],
          `sheet profile "${name}" not found: expected templates/sheets/${name}.yaml`,
        ),
      );
      continue;
    }
    const validated = await readValidated(file, SheetProfileSchema);
    problems.push(...validated.problems);
    if (validated.value) profiles.set(name, validated.value);
  }
  return { profiles, problems };
}
