import { API_PREFIX } from './api.js';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';
import { localized } from './locale.js';

/**
 * Absolute links to the tracker's public pages and API, built one way from PUBLIC_BASE_URL
 * (which may or may not end in a slash, and may have a path of its own).
 */
export function publicUrl(baseUrl: string, path: string): URL {
  return new URL(path, `${baseUrl.replace(/\/$/, '')}/`);
}

/** The site's root. */
export const siteUrl = (baseUrl: string): string => publicUrl(baseUrl, '').href.replace(/\/$/, '');

/** A page of the website in a locale (`path` without its leading slash). */
const sitePageUrl = (baseUrl: string, path: string, language: Language): URL =>
  publicUrl(baseUrl, localized(language, `/${path}`).slice(1));

/** Where a commitment is read on the website (in a locale). */
export function commitmentLink(
  baseUrl: string,
  slug: string,
  language: Language = DEFAULT_LANGUAGE,
): string {
  return pageLink(baseUrl, 'commitment', slug, language);
}

/** A public API route, e.g. `feed.atom`, with its query. */
export function apiLink(baseUrl: string, route: string, query?: URLSearchParams): string {
  const url = publicUrl(baseUrl, `${API_PREFIX}/${route}`);
  if (query) url.search = query.toString();
  return url.href;
}

/** Where a commitment, a theme or an event is read on the website (in a locale). */
export function pageLink(
  baseUrl: string,
  kind: 'commitment' | 'theme' | 'event',
  slug: string,
  language: Language = DEFAULT_LANGUAGE,
): string {
  return sitePageUrl(baseUrl, `${kind}s/${slug}`, language).href;
}

/** A page of the staff workspace (`''`: its review queue). */
export function workspaceLink(baseUrl: string, path = ''): string {
  return publicUrl(baseUrl, `staff${path ? `/${path}` : ''}`).href;
}

/** The page a follower confirms or ends a follow on; `POST` to it does it (RFC 8058). */
export function followLink(
  baseUrl: string,
  action: 'confirm' | 'unsubscribe',
  token: string,
  language: Language,
): string {
  const url = sitePageUrl(baseUrl, `follow/${action}`, language);
  url.searchParams.set('token', token);
  return url.href;
}
