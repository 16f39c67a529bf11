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
  return publicUrl(baseUrl, `commitments/${slug}`).href;
}

/** A public API route, e.g. `feed.atom`, with its query. */
export function apiLink(baseUrl: string, route: string, query?: URLSearchParams): string {
  const url = publicUrl(baseUrl, `${API_PREFIX}/${route}`);
  if (query) url.search = query.toString();
  return url.href;
}
