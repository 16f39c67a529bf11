import { escapeHtml } from '../common/html.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';

/** One entry of a mail: a heading with its link, and lines under it. */
export interface MailItem {
  title: string;
  link: string;
  lines: string[];
  /** Evidence or other links cited under the entry. */
  links?: { title: string; url: string }[];
}

/** What a mail says, before it is rendered as text and HTML. */
export interface MailDocument {
  /** The language it is written in; English by default. */
  language?: Language;
  subject: string;
  intro: string;
  items: MailItem[];
  /** A closing line, e.g. "12 more in the workspace", with its link. */
  more?: { text: string; link: string };
  /** Why the reader gets this, and how to stop it. */
  footer: { text: string; link: string; linkText: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const anchor = (url: string, text: string): string =>
  `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;

/** The plain-text and HTML parts of a mail, from one document: both say the same. */
export function renderMail(document: MailDocument): RenderedMail {
  return { subject: document.subject, text: asText(document), html: asHtml(document) };
}

function asText({ intro, items, more, footer }: MailDocument): string {
  const blocks = [intro];
  for (const item of items) {
    const links = (item.links ?? []).map((link) => `  - ${link.title}: ${link.url}`);
    blocks.push(
      [
        `* ${item.title}`,
        `  ${item.link}`,
        ...item.lines.map((line) => `  ${line}`),
        ...links,
      ].join('\n'),
    );
  }
  if (more) blocks.push(`${more.text}: ${more.link}`);
  blocks.push(`--\n${footer.text}\n${footer.linkText}: ${footer.link}`);
  return `${blocks.join('\n\n')}\n`;
}

function asHtml(document: MailDocument): string {
  const { subject, intro, items, more, footer, language = DEFAULT_LANGUAGE } = document;
  const entries = items.map((item) => {
    const lines = item.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
    const links = item.links?.length
      ? `<ul>${item.links.map((link) => `<li>${anchor(link.url, link.title)}</li>`).join('')}</ul>`
      : '';
    return `<li><h2>${anchor(item.link, item.title)}</h2>${lines}${links}</li>`;
  });
  return [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(subject)}</title></head><body>`,
    `<p>${escapeHtml(intro)}</p>`,
    entries.length ? `<ul>${entries.join('')}</ul>` : '',
    more ? `<p>${anchor(more.link, more.text)}</p>` : '',
    `<hr><p>${escapeHtml(footer.text)} ${anchor(footer.link, footer.linkText)}</p>`,
    '</body></html>',
  ].join('');
}
