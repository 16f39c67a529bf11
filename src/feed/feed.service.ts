import { Injectable } from '@nestjs/common';
import { Feed } from 'feed';
import type { Language } from '../common/languages.js';
import { statusWordsIn, translatorFor } from '../i18n/i18n.js';
import type { EventThemeFilterDto } from '../common/query-params.js';
import { withoutForbiddenCharacters } from '../common/text-fields.js';
import { AppConfig } from '../config/app-config.js';
import { apiLink, commitmentLink, pageLink, siteUrl } from '../common/public-links.js';
import { ProblemException } from '../common/problem-details.js';
import {
  FollowTargetsRepository,
  type FollowKind,
} from '../subscriptions/follow-targets.repository.js';
import { FeedRepository, type FeedFilter } from './feed.repository.js';
import { escapeHtml } from '../common/html.js';

/** Entries in the feed: the latest status updates. */
export const FEED_SIZE = 50;

/** The feed library marks text as HTML; staff notes are plain text and must read as written. */
const asHtml = escapeHtml;

interface FeedHead {
  self: string;
  title: string;
  description: string;
  link: string;
}

@Injectable()
export class FeedService {
  constructor(
    private readonly updates: FeedRepository,
    private readonly targets: FollowTargetsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * The latest status updates of public commitments as an Atom 1.0 document: one statement.
   * Characters XML forbids are dropped, so a row stored with one cannot break the feed.
   */
  async atom(filter: EventThemeFilterDto, language: Language): Promise<string> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value));
    const t = translatorFor(language);
    return this.render(filter, language, {
      self: apiLink(this.config.PUBLIC_BASE_URL, 'feed.atom', query.size ? query : undefined),
      title: t('feed.title'),
      description: t('feed.description'),
      link: siteUrl(this.config.PUBLIC_BASE_URL),
    });
  }

  /** The feed of one commitment, theme or event (404 when it is not public). */
  async atomOf(kind: FollowKind, idOrSlug: string, language: Language): Promise<string> {
    const target = await this.targets.target(kind, idOrSlug, language);
    if (!target) throw new ProblemException(404, `No public ${kind} ${idOrSlug}.`);
    const base = this.config.PUBLIC_BASE_URL;
    const filter = kind === 'commitment' ? { commitmentId: target.id } : { [kind]: target.slug };
    const t = translatorFor(language);
    return this.render(filter, language, {
      self: apiLink(base, `${kind}s/${target.slug}/feed.atom`),
      title: t('feed.titleOf', { title: target.title }),
      description: t('feed.descriptionOf', { title: target.title }),
      link: pageLink(base, kind, target.slug),
    });
  }

  private async render(filter: FeedFilter, language: Language, head: FeedHead): Promise<string> {
    const rows = await this.updates.latest(filter, FEED_SIZE, language);
    const base = this.config.PUBLIC_BASE_URL;
    const t = translatorFor(language);
    const status = statusWordsIn(language);
    const feed = new Feed({
      id: head.self,
      title: head.title,
      description: head.description,
      link: head.link,
      feedLinks: { atom: head.self },
      // An empty feed keeps a fixed date, so its ETag stays the same until something happens.
      updated: rows[0]?.recordedAt ?? new Date(0),
      copyright: 'Commitment Tracker',
      generator: 'Commitment Tracker',
    });
    for (const row of rows) {
      feed.addItem({
        id: `urn:uuid:${row.id}`,
        title: asHtml(`${row.title}: ${status(row.fromStatus)} → ${status(row.toStatus)}`),
        link: commitmentLink(base, row.slug),
        date: row.recordedAt,
        description: asHtml(row.note),
        content:
          `<p>${asHtml(row.note)}</p>` +
          (row.progress === null ? '' : `<p>${t('feed.progress', { progress: row.progress })}</p>`),
        author: [{ name: this.config.PUBLIC_BYLINE }],
      });
    }
    return withoutForbiddenCharacters(feed.atom1());
  }
}
