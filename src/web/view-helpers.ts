import {
  METHODOLOGY_VERSION,
  scoreClass,
  signedScore,
  SCORES,
} from '../assessments/methodology.js';
import { escapeHtml } from '../common/html.js';
import { LANGUAGES, type Language } from '../common/languages.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import { EvidenceStance } from '../generated/prisma/enums.js';
import { translatorFor } from '../i18n/i18n.js';
import { localized } from '../common/locale.js';
import { humanDate, STATUS_ORDER, statusBars, statusClass } from './presentation.js';

interface PartyNames {
  name: string;
  nameKo: string | null;
  nameZh: string | null;
}

/** What every template of a page in a locale reads as `it.h`: messages, links, dates, labels. */
function helpersFor(language: Language) {
  const t = translatorFor(language);
  const labels = <K extends string>(keys: readonly K[], section: string) =>
    Object.fromEntries(keys.map((key) => [key, t(`${section}.${key}`)])) as Record<K, string>;
  const statusLabels = labels(STATUS_ORDER, 'status');
  const langAttr = (textLanguage: Language) =>
    textLanguage === language ? '' : ` lang="${textLanguage}"`;
  const translatedName = (party: PartyNames) =>
    language === 'ko' ? party.nameKo : language === 'zh' ? party.nameZh : null;
  return {
    t,
    /** A `…Html` message: its markup kept, the values interpolated into it escaped. */
    html: (key: string, values: Record<string, unknown>) =>
      t(key, { ...values, interpolation: { escapeValue: true } }),
    language,
    /** ` lang="…"` for text in another language than the page's, else nothing. */
    langAttr,
    /** Text as HTML, for a message's `{{…}}` printed raw beside markup (a date's `<time>`). */
    escape: escapeHtml,
    /** Text as HTML, for a message's `{{…}}`: escaped and marked with its language. */
    inLanguage: (text: string, textLanguage: Language) =>
      textLanguage === language
        ? escapeHtml(text)
        : `<span${langAttr(textLanguage)}>${escapeHtml(text)}</span>`,
    /** A link as HTML, for a message's `{{…}}`: its text escaped and marked with its language. */
    link: (href: string, text: string, textLanguage: Language) =>
      `<a href="${escapeHtml(href)}"${langAttr(textLanguage)}>${escapeHtml(text)}</a>`,
    /** A party's name in this locale: its translation, else its (English) name. */
    partyName: (party: PartyNames) => translatedName(party) ?? party.name,
    /** The language of `partyName`, for its lang attribute. */
    partyLanguage: (party: PartyNames): Language => (translatedName(party) ? language : 'en'),
    /** A path of the site in this locale. */
    href: (path: string) => localized(language, path),
    humanDate: (iso: string) => humanDate(iso, language),
    statusBars: (byStatus: Record<CommitmentStatus, number>) => statusBars(byStatus, statusLabels),
    statusClass,
    statusLabels,
    scoreClass,
    signedScore,
    scoreLabels: labels(
      SCORES.map((score) => String(score)),
      'score',
    ),
    methodologyVersion: METHODOLOGY_VERSION,
    stanceHeadings: labels(Object.values(EvidenceStance), 'stance'),
  };
}

export type ViewHelpers = ReturnType<typeof helpersFor>;

const HELPERS = new Map(LANGUAGES.map((language) => [language, helpersFor(language)]));

export function viewHelpers(language: Language): ViewHelpers {
  return HELPERS.get(language)!;
}
