import { describe, expect, it } from 'vitest';
import { html, jsonForScript, unsafeRaw } from './html.js';

describe('html', () => {
  it('escapes interpolated text', () => {
    expect(html`<p title="${'"x"'}">${'<script>&'}</p>`.value).toBe(
      '<p title="&quot;x&quot;">&lt;script&gt;&amp;</p>',
    );
  });

  it('inserts nested markup and joins arrays', () => {
    const items = ['a', '<b>'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(html`${unsafeRaw('<hr>')}`.value).toBe('<hr>');
  });

  it('renders nothing for null, undefined and false', () => {
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe('[0]');
  });
});

describe('jsonForScript', () => {
  it('keeps a value from closing the script element', () => {
    const json = jsonForScript({ query: '</script><script>alert(1)</script>' }).value;
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ query: '</script><script>alert(1)</script>' });
  });
});
