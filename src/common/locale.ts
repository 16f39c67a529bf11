import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';

/**
 * The website's locales are path prefixes: English unprefixed, `/ko/…` and `/zh/…`. The one place
 * that maps between a page's path and its path in a locale.
 */
const PREFIXED = /^\/(ko|zh)(?=\/|\?|$)/;

/** The routes of a page in every locale: `commitments/:slug`, `ko/commitments/:slug`, … */
export function localeRoutes(route: string): string[] {
  return LANGUAGES.map((language) =>
    language === DEFAULT_LANGUAGE ? route : route ? `${language}/${route}` : language,
  );
}

/** The locale of a request's URL. */
export function localeOf(url: string): Language {
  return (PREFIXED.exec(url)?.[1] as Language | undefined) ?? DEFAULT_LANGUAGE;
}

/** A page's path (with its query) without its locale prefix: `/ko/?q=x` is `/?q=x`. */
export function unlocalized(url: string): string {
  const path = url.replace(PREFIXED, '');
  return path.startsWith('/') ? path : `/${path}`;
}

/** A page's path (with its query) in a locale: `/commitments/x` is `/ko/commitments/x`. */
export function localized(language: Language, path: string): string {
  return language === DEFAULT_LANGUAGE ? path : `/${language}${path}`;
}

/** An API or export URL for a page in a locale: its translated fields in that language. */
export function withLanguage(language: Language, url: string): string {
  if (language === DEFAULT_LANGUAGE) return url;
  return `${url}${url.includes('?') ? '&' : '?'}lang=${language}`;
}

/**
 * A locale's home page is linked as `/ko/`; its route is `/ko` (Nest drops a route's trailing
 * slash), so the server reads `/ko/` and `/ko/?q=…` as `/ko` and `/ko?q=…`.
 */
export function localeHomeUrl(url: string): string {
  return url.replace(/^\/(ko|zh)\/(?=\?|$)/, '/$1');
}
