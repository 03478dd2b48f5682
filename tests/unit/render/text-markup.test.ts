import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { formatText, TextInLanguage } from '../../../src/render/helpers/text.ts';

describe('card text allows **bold**, *italic*, line breaks and [words]{lang=xx} in another language, and nothing else', () => {
  it.each([
    ['plain', 'plain'],
    ['**vet** en *schuin*', '<strong>vet</strong> en <em>schuin</em>'],
    ['regel 1\nregel 2', 'regel 1<br>regel 2'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'],
    ['5 * 3 * 2', '5 * 3 * 2'],
    ['"Ja" & \'nee\'', '&quot;Ja&quot; &amp; &#x27;nee&#x27;'],
    ['the model ([De beslissende professional]{lang=nl})', 'the model (<span lang="nl" dir="ltr">De beslissende professional</span>)'],
    [
      '[*Shared Decision Making*]{lang=en-GB}, uit de zorg',
      '<span lang="en-GB" dir="ltr"><em>Shared Decision Making</em></span>, uit de zorg',
    ],
    ['[x]{lang="><script>}', '[x]{lang&#x3D;&quot;&gt;&lt;script&gt;}'],
    ['نص [Wat zie je?]{lang=nl}.', 'نص <span lang="nl" dir="ltr">Wat zie je?</span>.'],
    ['Dutch [نص]{lang=ar}', 'Dutch <span lang="ar" dir="rtl">نص</span>'],
  ])('%j', (input, html) => {
    expect(formatText(input).toString()).toBe(html);
  });

  it('shows a text in another language in a span of that language, isolated, as {{text}} and as {{value}}', () => {
    const dutch = new TextInLanguage('Wat *zie* je?', 'nl');
    expect(formatText(dutch).toString()).toBe('<span lang="nl" dir="ltr">Wat <em>zie</em> je?</span>');
    expect(Handlebars.compile('{{label}}')({ label: dutch })).toBe('<span lang="nl" dir="ltr">Wat *zie* je?</span>');
    expect(Handlebars.compile('{{label}}')({ label: new TextInLanguage('<b>', 'nl') })).toBe('<span lang="nl" dir="ltr">&lt;b&gt;</span>');
  });

  it('renders nothing for a missing value', () => {
    expect(formatText(undefined).toString()).toBe('');
  });
});
