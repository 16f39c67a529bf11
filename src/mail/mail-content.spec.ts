import { describe, expect, it } from '@jest/globals';
import { renderMail } from './mail-content.js';

describe('renderMail', () => {
  const mail = renderMail({
    subject: 'Two changes',
    intro: 'What changed:',
    items: [
      {
        title: 'A <b>bold</b> pledge',
        link: 'https://tracker.example.org/commitments/a?x=1&y=2',
        lines: ['Progress: 20%'],
        links: [{ title: 'Ministry "report"', url: 'https://example.org/r' }],
      },
    ],
    footer: { text: 'You follow it.', link: 'https://u.example.org/x', linkText: 'Unsubscribe' },
  });

  it('says the same in text and HTML: every line, every link', () => {
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Progress: 20%');
      expect(part).toContain('https://example.org/r');
      expect(part).toContain('https://u.example.org/x');
    }
    expect(mail.text).toContain(
      '* A <b>bold</b> pledge\n  https://tracker.example.org/commitments/a?x=1&y=2',
    );
  });

  it('escapes text and links in the HTML part', () => {
    expect(mail.html).toContain('A &lt;b&gt;bold&lt;/b&gt; pledge');
    expect(mail.html).toContain('href="https://tracker.example.org/commitments/a?x=1&amp;y=2"');
    expect(mail.html).toContain('Ministry &quot;report&quot;');
    expect(mail.html).not.toContain('<b>');
  });
});
