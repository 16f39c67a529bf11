import { Injectable } from '@nestjs/common';
import { Feed } from 'feed';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { translatorFor } from '../i18n/i18n.js';
import type { EventThemeFilterDto } from '../common/query-params.js';
import { withoutForbiddenCharacters } from '../common/text-fields.js';
import { AppConfig } from '../config/app-config.js';
import { apiLink, commitmentLink, siteUrl } from '../common/public-links.js';
import { FeedRepository } from './feed.repository.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';

/** Entries in the feed: the latest status updates. */
export const FEED_SIZE = 50;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** The feed library marks text as HTML; staff notes are plain text and must read as written. */
const asHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);

@Injectable()
export class FeedService {
  constructor(
    private readonly updates: FeedRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * The latest status updates of public commitments as an Atom 1.0 document: one statement.
   * Characters XML forbids are dropped, so a row stored with one cannot break the feed.
   */
  async atom(filter: EventThemeFilterDto, language: Language): Promise<string> {
    const rows = await this.updates.latest(filter, FEED_SIZE, language);
    const base = this.config.PUBLIC_BASE_URL;
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value));
    const self = apiLink(base, 'feed.atom', query.size ? query : undefined);
    const t = translatorFor(language);
    // English keeps the status words its feed has always had (`not started`).
    const status = (value: CommitmentStatus) =>
      language === DEFAULT_LANGUAGE
        ? value.replaceAll('_', ' ').toLowerCase()
        : t(`status.${value}`);
    const feed = new Feed({
      id: self,
      title: t('feed.title'),
      description: t('feed.description'),
      link: siteUrl(base),
      feedLinks: { atom: self },
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
