import { describe, expect, it } from 'vitest';
import { languageCodeProblem } from '../../../src/shared/language-code.ts';

describe('a language code is checked before it names a file', () => {
  it('accepts ISO 639 codes with an optional region, and the pseudo-locale', () => {
    for (const code of ['nl', 'en', 'fil', 'pt-BR', 'pseudo']) expect(languageCodeProblem(code)).toBeUndefined();
  });

  it('refuses paths and other text, and names the canonical form of a tag in another case', () => {
    expect(languageCodeProblem('../../x/en')).toMatch(/^"\.\.\/\.\.\/x\/en" is not a language code: use ISO 639/);
    expect(languageCodeProblem('pt-br')).toMatch(/^"pt-br" is not a language code \(did you mean pt-BR\?\)/);
    expect(languageCodeProblem('EN')).toMatch(/\(did you mean en\?\)/);
    for (const code of ['', 'en_US', 'nl\u2028', 'zh-Hant-TW', 'x'.repeat(300)]) expect(languageCodeProblem(code)).toBeDefined();
  });
});
