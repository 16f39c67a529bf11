import { API_PREFIX } from './api.js';

/**
 * Absolute links to the tracker's public pages and API, built one way from PUBLIC_BASE_URL
 * (which may or may not end in a slash, and may have a path of its own).
 */
export function publicUrl(baseUrl: string, path: string): URL {
  return new URL(path, `${baseUrl.replace(/\/$/, '')}/`);
}

/** The site's root. */
export const siteUrl = (baseUrl: string): string => publicUrl(baseUrl, '').href.replace(/\/$/, '');

/** Where a commitment is read on the website. */
export function commitmentLink(baseUrl: string, slug: string): string {
  return pageLink(baseUrl, 'commitment', slug);
}

/** A public API route, e.g. `feed.atom`, with its query. */
export function apiLink(baseUrl: string, route: string, query?: URLSearchParams): string {
  const url = publicUrl(baseUrl, `${API_PREFIX}/${route}`);
  if (query) url.search = query.toString();
  return url.href;
}

/** Where a commitment, a theme or an event is read on the website. */
export function pageLink(
  baseUrl: string,
  kind: 'commitment' | 'theme' | 'event',
  slug: string,
): string {
  return publicUrl(baseUrl, `${kind}s/${slug}`).href;
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
): string {
  const url = publicUrl(baseUrl, `follow/${action}`);
  url.searchParams.set('token', token);
  return url.href;
}
