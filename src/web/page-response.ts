import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preferredLanguage, sendContentLanguage } from '../common/content-language.js';
import { contentEtag } from '../common/http-cache.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../common/languages.js';
import type { PageMeta } from './page-meta.js';
import { localeOf, localized } from '../common/locale.js';
import { viewHelpers } from './view-helpers.js';

/**
 * Renders a template and sends it as HTML with an ETag of its content. Browsers revalidate every
 * time (`no-cache`); the app's not-modified hook answers `304` while the page is unchanged.
 */
export async function sendPage(
  reply: FastifyReply,
  template: string,
  data: object,
  status = 200,
): Promise<void> {
  const html = await reply.viewAsync(template, data);
  await reply
    .status(status)
    .header('etag', contentEtag(html))
    .header('cache-control', 'public, no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The English home page, the one page that suggests another locale. */
const isEnglishHome = (language: Language, page: PageMeta): boolean =>
  language === DEFAULT_LANGUAGE && (page.path === '/' || page.path.startsWith('/?'));

/** The page in another locale the browser prefers, offered on the English home page only. */
function suggestion(request: FastifyRequest, language: Language, page: PageMeta) {
  if (!isEnglishHome(language, page)) return null;
  const preferred = preferredLanguage(request.headers['accept-language']);
  if (!preferred || preferred === DEFAULT_LANGUAGE) return null;
  return { language: preferred, href: localized(preferred, page.path) };
}

/**
 * A public page in the locale of its URL: its helpers (messages, links, dates), its path in
 * every locale (the language switcher and hreflang alternates keep the page and its filters),
 * and, on the English home page, a link to the locale Accept-Language prefers: a suggestion,
 * never a redirect, so that page varies on Accept-Language.
 */
export async function sendPublicPage<Data extends { page: PageMeta }>(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Data,
  status = 200,
): Promise<void> {
  const language = localeOf(request.url);
  const offered = suggestion(request, language, data.page);
  if (isEnglishHome(language, data.page)) {
    sendContentLanguage(reply, language);
  } else {
    void reply.header('content-language', language);
  }
  const alternates = LANGUAGES.map((other) => ({
    language: other,
    href: localized(other, data.page.path),
    current: other === language,
  }));
  await sendPage(
    reply,
    template,
    { ...data, h: viewHelpers(language), language, alternates, suggestion: offered },
    status,
  );
}
