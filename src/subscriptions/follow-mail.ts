import { humanStatus } from '../common/status-labels.js';
import { toIsoDate } from '../common/dates.js';
import type { MailDocument, MailItem } from '../mail/mail-content.js';
import type { FollowTarget } from './follow-targets.repository.js';
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

/** The one mail a follower gets for what changed since the last: updates, assessments, deadlines. */
export function followUpdateMail(
  target: FollowTarget,
  changes: FollowChanges,
  links: FollowLinks,
): MailDocument {
  const items: MailItem[] = [
    ...changes.updates.map((u) => ({
      title: `${u.title}: ${humanStatus(u.fromStatus)} → ${humanStatus(u.toStatus)}`,
      link: links.commitment(u.slug),
      lines: [u.note, ...(u.progress === null ? [] : [`Progress: ${u.progress}%`])],
      links: u.evidence,
    })),
    ...changes.assessments.map((a) => ({
      title: `${a.title}: ${a.party} assessed ${signed(a.score)}`,
      link: links.commitment(a.slug),
      lines: [a.rationale],
      links: a.evidence,
    })),
    ...changes.deadlines.map((d) => ({
      title: `${d.title}: its target date ${toIsoDate(d.targetDate)} has passed`,
      link: links.commitment(d.slug),
      lines: ['The commitment is not fulfilled or closed yet.'],
    })),
  ];
  return {
    subject: `${target.title}: ${items.length === 1 ? 'a change' : `${items.length} changes`}`,
    intro: `What changed in "${target.title}", which you follow on the Commitment Tracker:`,
    items,
    more: { text: `Everything about "${target.title}"`, link: links.target },
    footer: {
      text: 'You get this because you follow it.',
      link: links.unsubscribe,
      linkText: 'Unsubscribe with one click',
    },
  };
}

/** The double opt-in: nothing else is sent to the address before its link is followed. */
export function followConfirmationMail(
  target: FollowTarget,
  links: { confirm: string; target: string; unsubscribe: string },
): MailDocument {
  return {
    subject: `Confirm: follow "${target.title}"`,
    intro: `Someone, probably you, asked to be told by email when "${target.title}" changes on the Commitment Tracker. Follow the link below within 7 days to confirm; without it you get nothing more, and the address is deleted.`,
    items: [{ title: 'Confirm the follow', link: links.confirm, lines: [] }],
    more: { text: `"${target.title}"`, link: links.target },
    footer: {
      text: 'Not you? Ignore this mail, or',
      link: links.unsubscribe,
      linkText: 'delete the address now',
    },
  };
}
