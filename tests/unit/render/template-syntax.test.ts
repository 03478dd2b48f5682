import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { syntaxProblem } from '../../../src/render/template-syntax.ts';
import { formatProblemLine } from '../../../src/shared/errors.ts';

/** What `check` says about a template Handlebars cannot parse: message and place, as file:line:col. */
function reported(text: string): string {
  let thrown: unknown;
  try {
    Handlebars.parse(text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'Handlebars should refuse this template').toBeDefined();
  return formatProblemLine(syntaxProblem({ file: 'card.hbs', text }, thrown)).replace(/^card\.hbs:/, '');
}

describe('a template syntax error is told in plain words, at the tag at fault', () => {
  it.each([
    ['<h1>{{title}</h1>', '1:12: template syntax: {{title} closes with one brace: write }} to close it'],
    ['<div>\n  <h1>{{title}</h1>\n</div>', '2:14: template syntax: {{title} closes with one brace: write }} to close it'],
    ['<p>{{> front}</p>', '1:13: template syntax: {{> front} closes with one brace: write }} to close it'],
    ['<p>{{title</p>\n<p>x</p>', '1:4: template syntax: {{title</p> is never closed: end it with }}'],
    ['<p>{{{text}}</p>', '1:11: template syntax: {{{text}} opens with three braces and closes with two: use {{{...}}} or {{...}}'],
    ['<p>\n  {{text}}}\n</p>', '2:11: template syntax: {{text}}} opens with two braces and closes with three: use {{...}} or {{{...}}}'],
    ['<div>\n  {{#if x}}\n  <p>a</p>\n</div>', '2:3: template syntax: {{#if}} is never closed: add {{/if}} where the block ends'],
    [
      '<div>\n  {{#if x}}\n  <p>a</p>\n  {{/each}}\n</div>',
      '4:3: template syntax: {{/each}} closes {{#if}} (opened on line 2); close it with {{/if}}, or open {{#each ...}} first',
    ],
    ['<p>{{/if}}</p>', '1:4: template syntax: {{/if}} closes a block that was never opened: remove it, or open it with {{#if ...}}'],
    [
      '<p>{{#each items}}{{this}}{{/each}}{{else}}</p>',
      '1:36: template syntax: {{else}} stands outside any block: it belongs between {{#if ...}} and {{/if}}',
    ],
    ['<p>x</p>\n{{!-- a note\n<p>y</p>', '2:1: template syntax: this comment is never closed: end it with --}}'],
  ])('%j', (template, message) => {
    expect(reported(template)).toBe(message);
  });

  it('reads whitespace control, comments, escapes, inline partials and raw blocks as Handlebars does', () => {
    const valid = [
      '{{~#if a~}}x{{~/if~}}',
      '{{!-- {{ not a tag --}}{{x}}',
      '{{! short }}{{x}}',
      '\\{{literal}} {{x}}',
      '{{#*inline "row"}}x{{/inline}}',
      '{{{{raw}}}} {{x} {{{{/raw}}}}',
      '{{#if a}}x{{^}}y{{/if}}',
    ];
    for (const template of valid) expect(() => Handlebars.parse(template)).not.toThrow();
    expect(reported('{{#*inline "row"}}x{{/inline}}{{/if}}')).toMatch(
      /^1:31: template syntax: \{\{\/if\}\} closes a block that was never opened/,
    );
    expect(reported('{{{{raw}}}} {{x} {{{{/raw}}}}{{y}')).toMatch(/^1:33: template syntax: \{\{y\} closes with one brace/);
  });

  it('names what Handlebars found, without its grammar terms, where the tags are all well formed', () => {
    const message = reported('<p>{{#if}}{{/if}}{{title (}}</p>');
    expect(message).toMatch(/^1:\d+: template syntax: .*see docs\/templates\.md/);
    expect(message).not.toMatch(/[A-Z]{3,}_[A-Z]+|Expecting/);
  });
});
