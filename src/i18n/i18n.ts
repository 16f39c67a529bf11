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

const translators = new Map<Language, Translate>(
  LANGUAGES.map((language) => {
    const t = i18n.getFixedT(language);
    return [language, (key, values) => t(key, values ?? {})];
  }),
);

export function translatorFor(language: Language): Translate {
  return translators.get(language)!;
}

/** A status as words in feeds and mails: English keeps the ones they have always had (`not started`). */
export function statusWordsIn(language: Language): (status: CommitmentStatus) => string {
  const t = translatorFor(language);
  return (status) => (language === DEFAULT_LANGUAGE ? humanStatus(status) : t(`status.${status}`));
}
