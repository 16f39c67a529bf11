import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bearer } from './support/staff.js';
import { SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ROUNDS = 30;

interface Race {
  path: string;
  /** Creates the row the round races over; returns its key (slug or code). */
  create: (t: TestApp, round: number) => Promise<string>;
  /** The commitment body that attaches it. */
  attach: (key: string) => Record<string, unknown>;
}

const RACES: Record<'themes' | 'events' | 'parties', Race> = {
  themes: {
    path: 'themes',
    create: async (t, round) =>
      (await t.prisma.theme.create({ data: { slug: `race-theme-${round}`, name: 'Race' } })).slug,
    attach: (slug) => ({ themes: ['supply-chain-security', slug] }),
  },
  events: {
    path: 'events',
    create: async (t, round) =>
      (
        await t.prisma.event.create({
          data: { slug: `race-event-${round}`, title: 'Race', heldOn: new Date('2021-12-23') },
        })
      ).slug,
    attach: (slug) => ({ event: slug }),
  },
  parties: {
    path: 'parties',
    create: async (t, round) =>
      (await t.prisma.party.create({ data: { code: `RACE-${round}`, name: 'Race' } })).code,
    attach: (code) => ({ parties: ['KR', { code, role: 'COUNTERPART' }] }),
  },
};

describe('archiving reference data while a commitment attaches it', () => {
  let t: TestApp;
  let editor: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor');
    admin = await bearer(t, 'admin');
  });
  afterAll(() => t.close());

  /** Live commitments showing an archived event, party or theme: there must never be any. */
  const liveOnArchived = async (): Promise<number> => {
    const [{ count }] = await t.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM commitment c
      WHERE NOT c.archived AND (
        EXISTS (SELECT 1 FROM event e WHERE e.id = c.event_id AND e.archived)
        OR EXISTS (SELECT 1 FROM commitment_party cp JOIN party p ON p.id = cp.party_id
                   WHERE cp.commitment_id = c.id AND p.archived)
        OR EXISTS (SELECT 1 FROM commitment_theme ct JOIN theme th ON th.id = ct.theme_id
                   WHERE ct.commitment_id = c.id AND th.archived))`;
    return count;
  };

  it.each(Object.keys(RACES) as (keyof typeof RACES)[])(
    `%s: in ${ROUNDS} rounds of archive against attach, exactly one side wins each time`,
    async (kind) => {
      const race = RACES[kind];
      const outcomes: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const key = await race.create(t, round);
        const archive = () =>
          request(t.http).delete(`/api/v1/${race.path}/${key}`).set('Authorization', admin);
        const attach = () =>
          request(t.http)
            .post('/api/v1/commitments')
            .set('Authorization', editor)
            .send({
              title: `Race ${kind} ${round}`,
              event: SEEDED_EVENT,
              parties: ['KR', { code: 'CN', role: 'COUNTERPART' }],
              themes: ['supply-chain-security'],
              madeOn: '2021-12-23',
              ...race.attach(key),
            });
        // Sent together, each first in turn.
        const [archived, attached] =
          round % 2 === 0
            ? await Promise.all([archive(), attach()])
            : (await Promise.all([attach(), archive()])).reverse();
        const named = attached.status === 400 && String(attached.body.detail).includes(key);
        outcomes.push(`${archived.status}/${attached.status}${named ? ' naming it' : ''}`);
      }
      // Archive first: the attach finds no live row (400); attach first: the archive sees a user (409).
      const expected = ['204/400 naming it', '409/201'];
      expect(outcomes.filter((outcome) => !expected.includes(outcome))).toEqual([]);
      expect(await liveOnArchived()).toBe(0);
    },
  );
});
