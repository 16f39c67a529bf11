import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock/clock.js';
import { commitmentLink, followLink, pageLink } from '../common/public-links.js';
import type { Language } from '../common/languages.js';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { composeMail, MailRepository } from '../mail/mail.repository.js';
import { followConfirmationMail, followUpdateMail, type FollowChanges } from './follow-mail.js';
import { FollowLimits } from './follow-limits.js';
import { SubscriptionTokens, TOKEN_DAYS, type TokenPurpose } from './subscription-tokens.js';
import {
  FOLLOW_KINDS,
  FollowTargetsRepository,
  type FollowKind,
  type FollowTarget,
} from './follow-targets.repository.js';
import { SubscriptionsRepository, type FollowedSubscription } from './subscriptions.repository.js';

const DAY_MS = 86_400_000;

/** What a follow request is answered, whatever the address's state. */
export const FOLLOW_ANSWER =
  'If the address can receive mail, a confirmation link is on its way; nothing else is sent before it is followed.';

/** The one of `commitment`, `theme` and `event` a follow request names (400 unless exactly one). */
export function followedTarget(body: Partial<Record<FollowKind, string>>): {
  kind: FollowKind;
  ref: string;
} {
  const named = FOLLOW_KINDS.filter((kind) => body[kind]);
  if (named.length !== 1) {
    throw new ProblemException(400, 'Name exactly one of commitment, theme or event to follow.');
  }
  return { kind: named[0], ref: body[named[0]]! };
}

/** What a link of a mail found: a subscription it may act on, or nothing (bad, expired, gone). */
export type LinkResult = { subscription: FollowedSubscription } | { subscription: null };

/**
 * Public follows: the double opt-in, the links in mails, and the one mail per batch of changes.
 * The answer to a follow request is the same whether or not the address already follows.
 */
@Injectable()
export class SubscriptionsService {
  private readonly tokens: SubscriptionTokens;

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly targets: FollowTargetsRepository,
    private readonly mails: MailRepository,
    private readonly limits: FollowLimits,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.tokens = new SubscriptionTokens(config.MAIL_TOKEN_SECRET);
  }

  /**
   * Records an unconfirmed follow and mails its confirmation link; when the address already
   * follows, or asked too often, it sends nothing, and the caller cannot tell.
   */
  async follow(
    email: string,
    kind: FollowKind,
    ref: string,
    client: string,
    language: Language,
  ): Promise<void> {
    const count = await this.limits.hitClient(client);
    if (!count.allowed) {
      throw new ProblemException(
        429,
        `Too many follow requests; retry after ${count.retryAfterSeconds} s.`,
        {},
        'about:blank',
        { 'retry-after': String(count.retryAfterSeconds) },
      );
    }
    const target = await this.targets.target(kind, ref, language);
    if (!target) throw new ProblemException(404, `No public ${kind} ${ref}.`);
    const address = email.trim().toLowerCase();
    if (!(await this.limits.hitAddress(address))) return;
    const now = this.clock.now();
    const subscription = await this.subscriptions.findOrCreate(address, target, language, now);
    if (subscription.confirmedAt) return;
    const links = {
      confirm: this.link('confirm', subscription.id, language, now),
      target: this.targetLink(target, language),
      unsubscribe: this.link('unsubscribe', subscription.id, language, now),
    };
    await this.mails.queue([
      composeMail(followConfirmationMail(target, links, language), {
        kind: 'FOLLOW_CONFIRMATION',
        // Each request may resend the link (the address's limit bounds them).
        dedupeKey: `confirm:${subscription.id}:${randomUUID()}`,
        recipient: address,
        subscriptionId: subscription.id,
        unsubscribeUrl: links.unsubscribe,
        at: now,
      }),
    ]);
  }

  /** The subscription a link names, if the link is genuine and unexpired; changes nothing. */
  async peek(token: string, purpose: TokenPurpose): Promise<LinkResult> {
    const claims = this.tokens.verify(token, purpose, this.clock.now());
    return { subscription: claims && (await this.subscriptions.find(claims.subscriptionId)) };
  }

  async confirm(token: string): Promise<LinkResult> {
    const { subscription } = await this.peek(token, 'confirm');
    if (subscription) await this.subscriptions.confirm(subscription.id, this.clock.now());
    return { subscription };
  }

  /** Ends the follow and deletes the address; a second click finds nothing, which is fine. */
  async unsubscribe(token: string): Promise<LinkResult> {
    const { subscription } = await this.peek(token, 'unsubscribe');
    if (subscription) await this.subscriptions.delete(subscription.id);
    return { subscription };
  }

  /** Forgets addresses whose confirmation link expired unused. */
  deleteUnconfirmed(now: Date): Promise<number> {
    return this.subscriptions.deleteUnconfirmedBefore(
      new Date(now.getTime() - TOKEN_DAYS.confirm * DAY_MS),
    );
  }

  /**
   * One batch of follows due a mail (last mailed FOLLOW_MAIL_INTERVAL_MINUTES ago or more): one
   * mail each with what changed since, queued in the transaction that moves their cursors.
   * Returns how many subscriptions it looked at and how many mails it queued.
   */
  async queueFollowMails(now: Date, size: number): Promise<{ due: number; queued: number }> {
    const cutoff = new Date(now.getTime() - this.config.FOLLOW_MAIL_INTERVAL_MINUTES * 60_000);
    const due = await this.subscriptions.due(cutoff, size);
    if (due.length === 0) return { due: 0, queued: 0 };
    const ids = due.map((subscription) => subscription.id);
    const [updates, assessments, deadlines] = await Promise.all([
      this.subscriptions.statusChanges(ids, now),
      this.subscriptions.assessmentChanges(ids, now),
      this.subscriptions.passedDeadlines(ids, now),
    ]);
    const mails = due.flatMap((subscription) => {
      const mine = <T extends { subscriptionId: string }>(rows: T[]) =>
        rows.filter((row) => row.subscriptionId === subscription.id);
      const changes: FollowChanges = {
        updates: mine(updates),
        assessments: mine(assessments),
        deadlines: mine(deadlines),
      };
      const count = changes.updates.length + changes.assessments.length + changes.deadlines.length;
      return count ? [this.updateMail(subscription, changes, now)] : [];
    });
    const queued = await this.prisma.$transaction(async (tx) => {
      await this.subscriptions.markNotified(ids, now, tx);
      return this.mails.queue(mails, tx);
    });
    return { due: due.length, queued: queued.length };
  }

  private updateMail(subscription: FollowedSubscription, changes: FollowChanges, now: Date) {
    const base = this.config.PUBLIC_BASE_URL;
    const { language } = subscription;
    const unsubscribe = this.link('unsubscribe', subscription.id, language, now);
    const links = {
      commitment: (slug: string) => commitmentLink(base, slug, language),
      target: this.targetLink(subscription.target, language),
      unsubscribe,
    };
    const document = followUpdateMail(subscription.target, changes, links, language);
    return composeMail(document, {
      kind: 'FOLLOW_UPDATE',
      dedupeKey: `follow:${subscription.id}:${now.toISOString()}`,
      recipient: subscription.email,
      subscriptionId: subscription.id,
      unsubscribeUrl: unsubscribe,
      at: now,
    });
  }

  /** A link of its mails: to the page in the follow's language, which answers in it. */
  private link(purpose: TokenPurpose, id: string, language: Language, now: Date): string {
    const token = this.tokens.sign(purpose, id, now);
    return followLink(this.config.PUBLIC_BASE_URL, purpose, token, language);
  }

  private targetLink(target: FollowTarget, language: Language): string {
    return pageLink(this.config.PUBLIC_BASE_URL, target.kind, target.slug, language);
  }
}
