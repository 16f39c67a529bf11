import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assessmentHistorySql,
  complianceMatrixSql,
} from '../assessments/assessments.repository.js';
import {
  bumpShowingSql,
  commitmentRowSql,
  countLiveShowingSql,
  flagDueReviewsSql,
  unflagClosedSql,
} from '../commitments/commitment-writes.repository.js';
import { relevanceOrder, sortOrder } from '../commitments/commitment-sort.js';
import {
  commitmentDetailSql,
  commitmentPageSql,
  commitmentsOfEventSql,
  FINGERPRINT_SQL,
  linkedEvidenceSql,
  liveStatusSql,
  reviewsPageSql,
  timelinePageSql,
} from '../commitments/commitments.repository.js';
import { idOrSlugCondition } from '../commitments/commitment-filters.js';
import { DATA_VERSION_SQL } from '../common/public-cache/data-version.repository.js';
import { lockLiveReferencesSql } from '../common/reference-locks.js';
import { latestUpdatesSql } from '../feed/feed.repository.js';
import { claimDueMailsSql, deleteFinishedMailsSql } from '../mail/mail.repository.js';
import { newRemindersSql } from '../reminders/reminder-mails.repository.js';
import {
  assessmentChangesSql,
  passedDeadlinesSql,
  statusChangesSql,
} from '../subscriptions/subscriptions.repository.js';
import type { Prisma } from '../generated/prisma/client.js';
import { claimKeySql, deleteExpiredSql } from '../idempotency/idempotency.store.js';
import { deleteFinishedRunsSql, jobLockSql } from '../jobs/job-runs.repository.js';
import { claimDueSql, deleteFinishedSql } from '../notifications/notifications.repository.js';
import { recordEventSql, recordTestEventSql } from '../notifications/webhook-events.js';
import {
  claimDeliveriesSql,
  deleteOldEventsSql,
  lockEndpointSql,
  markFailingSql,
} from '../notifications/webhooks.repository.js';
import {
  openCustomReminderSql,
  openDeadlineRemindersSql,
} from '../reminders/reminders.repository.js';
import { countedStatsSql, TALLIED_STATS_SQL } from '../stats/stats.repository.js';

/**
 * Every hand-written statement the repositories run, rendered into the committed `.sql` file of
 * its repository, so that a change to a query shows in review as a diff of SQL. A statement
 * that changed fails this test; `UPDATE_SQL_SNAPSHOTS=1 npm test -- src/queries` rewrites the
 * files from the code.
 */
const NOW = new Date('2026-01-01T00:00:00Z');
const ID = '00000000-0000-4000-8000-000000000001';
const BY_ID = idOrSlugCondition(ID)!;
const AFTER = { at: NOW.toISOString(), id: ID };
const DEFAULT_LIST = { filter: {}, order: sortOrder('-updatedAt'), take: 21 };

const CATALOG: Record<string, Record<string, Prisma.Sql>> = {
  assessments: {
    'history page': assessmentHistorySql(BY_ID, 21, AFTER),
    'compliance matrix': complianceMatrixSql({}, 1001),
    'compliance matrix, every filter': complianceMatrixSql(
      { event: 'dialogue', theme: 'climate', party: 'KR' },
      1001,
    ),
  },
  commitments: {
    'list, default order': commitmentPageSql(DEFAULT_LIST),
    'list, next page': commitmentPageSql({ ...DEFAULT_LIST, after: { key: AFTER.at, id: ID } }),
    'list, every filter, by target date': commitmentPageSql({
      filter: {
        status: ['IN_PROGRESS', 'STALLED'],
        theme: 'climate',
        party: 'KR',
        event: 'dialogue',
        stale: true,
        overdue: false,
        targetBefore: '2027-01-01',
        targetAfter: '2022-01-01',
      },
      order: sortOrder('targetDate'),
      take: 21,
    }),
    'list, a lineage': commitmentPageSql({ ...DEFAULT_LIST, filter: { lineage: 'a-pledge' } }),
    'search, best match first': commitmentPageSql({
      filter: { q: 'supply chain' },
      order: relevanceOrder('supply chain'),
      take: 21,
    }),
    'search in Korean or Chinese, title matches first': commitmentPageSql({
      filter: { q: '공급망 供应链' },
      order: relevanceOrder('공급망 供应链'),
      take: 21,
    }),
    detail: commitmentDetailSql(BY_ID),
    'commitments of an event': commitmentsOfEventSql(ID),
    'timeline page': timelinePageSql(BY_ID, 21, AFTER),
    'reviews page': reviewsPageSql(BY_ID, 21, AFTER),
    'linked evidence': linkedEvidenceSql(BY_ID),
    'live status': liveStatusSql(BY_ID),
    'export fingerprint': FINGERPRINT_SQL,
  },
  'commitment-writes': {
    'commitment as of the transaction': commitmentRowSql(BY_ID, { live: true }),
    'commitment locked for its writer': commitmentRowSql(BY_ID, { live: true, locked: true }),
    'bump versions showing an event': bumpShowingSql({ eventId: ID }),
    'bump versions showing a party': bumpShowingSql({ partyId: ID }),
    'bump versions showing a theme': bumpShowingSql({ themeId: ID }),
    'bump versions showing evidence': bumpShowingSql({ evidenceId: ID }),
    'count live commitments showing a theme': countLiveShowingSql({ themeId: ID }),
    'stale-check: flag due reviews': flagDueReviewsSql(NOW, 100, 90),
    'stale-check: unflag closed': unflagClosedSql(100),
    'lock references to attach': lockLiveReferencesSql('theme', ['climate'], 'attach'),
    'lock a reference to archive': lockLiveReferencesSql('event', ['dialogue'], 'archive'),
  },
  reminders: {
    'deadline-check batch': openDeadlineRemindersSql(ID, { now: NOW, windowDays: 30, size: 1000 }),
    'open a custom reminder': openCustomReminderSql(ID, NOW, 'Call the ministry', NOW),
  },
  'reminder-mails': {
    'new reminders per staff user': newRemindersSql(NOW),
  },
  mail: {
    'claim due mails': claimDueMailsSql(NOW, NOW, 1000),
    'delete finished mails': deleteFinishedMailsSql(NOW, 1000),
  },
  subscriptions: {
    'status updates since each cursor': statusChangesSql([ID], NOW),
    'assessments since each cursor': assessmentChangesSql([ID], NOW),
    'target dates passed since each cursor': passedDeadlinesSql([ID], NOW),
  },
  notifications: {
    'claim due notifications': claimDueSql(NOW, NOW, 1000),
    'delete finished notifications': deleteFinishedSql(NOW, 1000),
  },
  webhooks: {
    'record an event and its deliveries': recordEventSql('evidence.linked', { a: 1 }, NOW),
    'record a test event': recordTestEventSql(ID, { a: 1 }, NOW),
    'claim due deliveries': claimDeliveriesSql({ now: NOW, size: 1000 }, NOW),
    'claim one delivery': claimDeliveriesSql({ id: ID }, NOW),
    'mark an endpoint failing': markFailingSql(ID, NOW, NOW),
    'lock an endpoint': lockEndpointSql(ID),
    'delete old events': deleteOldEventsSql(NOW, 1000),
  },
  'job-runs': {
    'job lock': jobLockSql('stale-check'),
    'delete finished runs': deleteFinishedRunsSql(NOW, 1000),
  },
  idempotency: {
    'claim a key': claimKeySql({
      owner: { apiKeyId: ID },
      key: 'k',
      requestHash: 'h',
      status: 201,
      secretFields: [],
      recorded: false,
    }),
    'delete expired records': deleteExpiredSql(NOW, 1000),
  },
  stats: {
    'tallied: by status': TALLIED_STATS_SQL[0],
    'tallied: by theme and status': TALLIED_STATS_SQL[1],
    'counted: by status': countedStatsSql({ event: 'dialogue' })[0],
    'counted: by theme and status': countedStatsSql({ event: 'dialogue' })[1],
  },
  'data-version': {
    'public data version': DATA_VERSION_SQL,
  },
  feed: {
    'latest status updates': latestUpdatesSql({ theme: 'climate' }, 50, 'ko'),
    "a commitment's status updates": latestUpdatesSql({ commitmentId: ID }, 50, 'en'),
  },
};

/** A statement as reviewers read it: its lines without trailing blanks, its parameters counted. */
function render(name: string, statement: Prisma.Sql): string {
  const lines = statement.text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  const indent = Math.min(...lines.map((line) => line.length - line.trimStart().length));
  const body = lines.map((line) => line.slice(indent)).join('\n');
  return `-- ${name} (${statement.values.length} parameters)\n${body};\n`;
}

const fileOf = (repository: string) => path.join(import.meta.dirname, `${repository}.sql`);

describe('the SQL the repositories run', () => {
  it.each(Object.entries(CATALOG))('matches src/queries/%s.sql', (repository, statements) => {
    const rendered =
      `-- Generated by src/queries/queries.spec.ts from the ${repository} repository's statements.\n\n` +
      Object.entries(statements)
        .map(([name, statement]) => render(name, statement))
        .join('\n');
    if (process.env.UPDATE_SQL_SNAPSHOTS) writeFileSync(fileOf(repository), rendered);
    expect(existsSync(fileOf(repository)) ? readFileSync(fileOf(repository), 'utf8') : '').toBe(
      rendered,
    );
  });
});
