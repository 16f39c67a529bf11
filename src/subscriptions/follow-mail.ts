import { toIsoDate } from '../common/dates.js';
import type { Language } from '../common/languages.js';
import { statusWordsIn, translatorFor } from '../i18n/i18n.js';
import type { MailDocument, MailItem } from '../mail/mail-content.js';
import type { FollowTarget } from './follow-targets.repository.js';
import { TOKEN_DAYS } from './subscription-tokens.js';
import type { AssessmentChange, PassedDeadline, StatusChange } from './subscriptions.repository.js';

export interface FollowChanges {
  updates: StatusChange[];
  assessments: AssessmentChange[];
  deadlines: PassedDeadline[];
}

export interface FollowLinks {
  commitment: (slug: string) => string;
  target: string;
  unsubscribe: string;
}

const signed = (score: number): string => (score > 0 ? `+${score}` : String(score));

/**
 * The one mail a follower gets for what changed since the last: updates, assessments, deadlines,
 * in the follow's language (the titles as written).
 */
export function followUpdateMail(
  target: FollowTarget,
  changes: FollowChanges,
  links: FollowLinks,
  language: Language,
): MailDocument {
  const t = translatorFor(language);
  const status = statusWordsIn(language);
  const items: MailItem[] = [
    ...changes.updates.map((u) => ({
      title: t('followMail.statusChange', {
        title: u.title,
        from: status(u.fromStatus),
        to: status(u.toStatus),
      }),
      link: links.commitment(u.slug),
      lines: [
        u.note,
        ...(u.progress === null ? [] : [t('followMail.progress', { progress: u.progress })]),
      ],
      links: u.evidence,
    })),
    ...changes.assessments.map((a) => ({
      title: t('followMail.assessed', { title: a.title, party: a.party, score: signed(a.score) }),
      link: links.commitment(a.slug),
      lines: [a.rationale],
      links: a.evidence,
    })),
    ...changes.deadlines.map((d) => ({
      title: t('followMail.deadlinePassed', { title: d.title, date: toIsoDate(d.targetDate) }),
      link: links.commitment(d.slug),
      lines: [t('followMail.notClosed')],
    })),
  ];
  return {
    language,
    subject: t('followMail.subject', { title: target.title, count: items.length }),
    intro: t('followMail.intro', { title: target.title }),
    items,
    more: { text: t('followMail.more', { title: target.title }), link: links.target },
    footer: {
      text: t('followMail.footer'),
      link: links.unsubscribe,
      linkText: t('followMail.unsubscribe'),
    },
  };
}

/** The double opt-in, in the follow's language: nothing else is sent before its link is followed. */
export function followConfirmationMail(
  target: FollowTarget,
  links: { confirm: string; target: string; unsubscribe: string },
  language: Language,
): MailDocument {
  const t = translatorFor(language);
  return {
    language,
    subject: t('followMail.confirmSubject', { title: target.title }),
    intro: t('followMail.confirmIntro', { title: target.title, days: TOKEN_DAYS.confirm }),
    items: [{ title: t('followMail.confirm'), link: links.confirm, lines: [] }],
    more: { text: t('followMail.confirmMore', { title: target.title }), link: links.target },
    footer: {
      text: t('followMail.confirmFooter'),
      link: links.unsubscribe,
      linkText: t('followMail.deleteAddress'),
    },
  };
}
