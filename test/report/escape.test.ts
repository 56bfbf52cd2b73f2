import { describe, expect, it } from 'vitest';
import { codeFence, escapeMarkdown, escapeXml, stripControl, tailLines } from '../../harness/report/escape.js';

describe('escapeMarkdown', () => {
  it('renders HTML, emphasis, links and mentions inert', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> @octocat **bold**')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; @\u200boctocat \\*\\*bold\\*\\*',
    );
    expect(escapeMarkdown('[click](https://evil.example) a|b `code` ~~s~~ $x$ _i_ a&b')).toBe(
      '\\[click\\](https://evil.example) a\\|b \\`code\\` \\~\\~s\\~\\~ \\$x\\$ \\_i\\_ a&amp;b',
    );
  });

  it('escapes the backslash itself, so "\\|" cannot re-open a table cell', () => {
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
  });

  it('folds line breaks (a new line could start a heading or a table row) and caps the length', () => {
    expect(escapeMarkdown('one\n# two\r\n| three')).toBe('one # two \\| three');
    expect(escapeMarkdown('x'.repeat(600), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('codeFence', () => {
  it('uses a fence longer than any backtick run inside', () => {
    const block = codeFence('before\n````\n```js\nafter\n');
    expect(block).toBe('`````text\nbefore\n````\n```js\nafter\n`````');
  });

  it('uses three backticks when the text has none, and removes escape sequences', () => {
    expect(codeFence('\u001b[31merror\u001b[0m: boom')).toBe('```text\nerror: boom\n```');
  });
});

describe('stripControl, tailLines and escapeXml', () => {
  it('keeps tabs and new lines, removes controls and bidi overrides', () => {
    expect(stripControl('a\tb\r\nc\u0000d\u202ee\u0007')).toBe('a\tb\ncde');
  });

  it('keeps the last lines, at most maxChars', () => {
    expect(tailLines('1\n2\n3\n4\n', 2, 100)).toBe('3\n4');
    expect(tailLines('abcdefghij', 5, 4)).toBe('…hij');
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001\u001b[1mbold`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;bold',
    );
  });
});
