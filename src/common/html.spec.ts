import { esc, html, raw } from './html';

describe('html tag', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
    expect(html`${42}`.toString()).toBe('42');
  });

  it('keeps nested templates and raw() fragments as they are, and joins arrays', () => {
    const items = ['a<b', 'c&d'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(html`<style>${raw('a>b{x:1}')}</style>`.toString()).toBe('<style>a>b{x:1}</style>');
    expect(html`${[html`<i>`, '<i>']}`.toString()).toBe('<i>&lt;i&gt;');
  });

  it('renders null, undefined and false as nothing, so `cond && html` reads naturally', () => {
    const none: string | null = null;
    expect(html`[${none}${undefined}${false}${none && html`<b>`}]`.toString()).toBe('[]');
  });

  it('esc escapes one value and treats null as empty', () => {
    expect(esc('<a href="x">')).toBe('&lt;a href=&quot;x&quot;&gt;');
    expect(esc(null)).toBe('');
  });
});
