import type { Problem } from '../../src/shared/errors.ts';

/** The line a problem is located at, when it has one. */
export function lineOf(problem: Problem): number | undefined {
  return problem.location && 'line' in problem.location ? problem.location.line : undefined;
}
