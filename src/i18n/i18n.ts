import i18next from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../common/languages.js';
import { humanStatus } from '../common/status-labels.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import { en, type Catalogue } from './en.js';
import { ko } from './ko.js';
import { zh } from './zh.js';

export const CATALOGUES: Record<Language, Catalogue> = { en, ko, zh };

/** A message by its key (`home.heading`), interpolated; `count` picks the plural form. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(
    LANGUAGES.map((language) => [language, { translation: CATALOGUES[language] }]),
  ),
  lng: 'en',
  fallbackLng: 'en',
  // Loaded from memory: ready when init returns.
  initAsync: false,
  // Eta escapes what templates print; `…Html` messages are printed raw (see en.ts).
  interpolation: { escapeValue: false },
});

/** Every key of a catalogue tree, dotted (`site.name`), plural forms as their own keys. */
export function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/**
 * A language's translator. A message asked for without values is the same string every time
 * (the catalogues are fixed), so each one is looked up once here rather than by i18next on every
 * call: a page of commitment cards asks for thousands, and i18next's lookup was a quarter of
 * rendering one.
 */
function translatorOf(language: Language): Translate {
  const t = i18n.getFixedT(language);
  const plain = new Map(keysOf(CATALOGUES[DEFAULT_LANGUAGE]).map((key) => [key, t(key, {})]));
  return (key, values) => (values ? undefined : plain.get(key)) ?? t(key, values ?? {});
}

const translators = new Map<Language, Translate>(
  LANGUAGES.map((language) => [language, translatorOf(language)]),
);

export function translatorFor(language: Language): Translate {
  return translators.get(language)!;
}

/** A status as words in feeds and mails: English keeps the ones they have always had (`not started`). */
export function statusWordsIn(language: Language): (status: CommitmentStatus) => string {
  const t = translatorFor(language);
  return (status) => (language === DEFAULT_LANGUAGE ? humanStatus(status) : t(`status.${status}`));
}
