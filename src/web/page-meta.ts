import { API_PREFIX } from '../common/api.js';
import type { Language } from '../common/languages.js';
import { withLanguage } from '../common/locale.js';

export interface PageMeta {
  title: string;
  /** The language `title` is in, for its lang attribute. */
  titleLanguage: Language;
  description: string;
  descriptionLanguage: Language;
  /** Path and query of the page, for its canonical and Open Graph URL. */
  path: string;
  /** The same content as JSON in the public API. */
  jsonUrl: string;
  csvUrl: string;
  feedUrl: string;
}

export interface PageMetaInput {
  title: string;
  /** When the title is content not translated into the page's language: the language it is in. */
  titleLanguage?: Language;
  description: string;
  descriptionLanguage?: Language;
  /** Without the locale prefix: each locale's path is derived from it (see locale.ts). */
  path: string;
  /** The locale: the data links answer in its language. */
  language: Language;
  jsonUrl?: string;
  /** Filters carried over to the CSV export, as on the home page. */
  csvQuery?: string;
  /** The page's own Atom feed; the site's by default. */
  feedUrl?: string;
}

export function pageMeta(input: PageMetaInput): PageMeta {
  return {
    title: input.title,
    titleLanguage: input.titleLanguage ?? input.language,
    description: input.description,
    descriptionLanguage: input.descriptionLanguage ?? input.language,
    path: input.path,
    jsonUrl: withLanguage(input.language, input.jsonUrl ?? `/${API_PREFIX}/commitments`),
    csvUrl: withLanguage(
      input.language,
      `/${API_PREFIX}/commitments.csv${input.csvQuery ? `?${input.csvQuery}` : ''}`,
    ),
    feedUrl: withLanguage(input.language, input.feedUrl ?? `/${API_PREFIX}/feed.atom`),
  };
}
