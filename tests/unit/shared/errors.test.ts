import { describe, expect, it } from 'vitest';
import { fileProblem, formatProblem, lineProblem, pdfProblem, problem, problemJson, sortProblems } from '../../../src/shared/errors.ts';

describe('a problem as people read it', () => {
  it('leads with file:line:col and shows the line with a caret under the column', () => {
    expect(
      formatProblem(
        problem('yaml-syntax', { file: '/p/deck/x/cards.yaml', text: 'a: 1\nb: [2\n' }, 2, 4, 'YAML syntax: never closed', {
          hint: 'close it',
        }),
        '/p',
      ),
    ).toBe(['deck/x/cards.yaml:2:4: YAML syntax: never closed; close it', '  2 | b: [2', '    |    ^'].join('\n'));
  });

  it('names a file as a whole as `file: message`, never file:1:1', () => {
    expect(
      formatProblem(
        fileProblem('file-is-folder', '/p/deck', 'is a folder, not a PDF', { hint: 'name the PDF files, e.g. deck/*.pdf' }),
        '/p',
      ),
    ).toBe('deck: is a folder, not a PDF; name the PDF files, e.g. deck/*.pdf');
    expect(formatProblem(lineProblem('import-invalid', '/p/nl.csv', 3, 'unknown key', { severity: 'warning' }), '/p')).toBe(
      'nl.csv:3: warning: unknown key',
    );
  });

  it('places a PDF problem at its page, and at its point when known', () => {
    expect(formatProblem(pdfProblem('bleed-missing', '/p/cards.pdf', 3, 'bleed 1.00 mm, less than 3.00 mm'), '/p')).toBe(
      'cards.pdf: page 3: bleed 1.00 mm, less than 3.00 mm',
    );
    expect(
      formatProblem(pdfProblem('ink-over-limit', '/p/cards.pdf', 2, 'total area coverage up to 350 %', { xMm: 12.4, yMm: 40.6 }), '/p'),
    ).toBe('cards.pdf: page 2 at 12, 41 mm: total area coverage up to 350 %');
  });

  it('is the message alone without a location, and keeps paths as people see them in JSON', () => {
    expect(formatProblem({ code: 'tool-missing', severity: 'error', message: 'pdftoppm not found', hint: 'install poppler-utils' })).toBe(
      'pdftoppm not found; install poppler-utils',
    );
    expect(problemJson(fileProblem('file-not-found', '/p/a.pdf', 'no such file'), '/p')).toEqual({
      code: 'file-not-found',
      severity: 'error',
      location: { file: 'a.pdf' },
      message: 'no such file',
    });
  });

  it('sorts by file, then line or page, then message', () => {
    const sorted = sortProblems([
      lineProblem('x', '/p/b', 2, 'm'),
      fileProblem('x', '/p/b', 'whole'),
      lineProblem('x', '/p/a', 9, 'm'),
      pdfProblem('x', '/p/b', 1, 'p'),
    ]);
    expect(sorted.map((p) => formatProblem(p, '/p'))).toEqual(['a:9: m', 'b: whole', 'b: page 1: p', 'b:2: m']);
  });
});
