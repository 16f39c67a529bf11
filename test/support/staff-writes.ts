import request from 'supertest';
import type { TestApp } from './test-app.js';

export const SEEDED_EVENT = 'kr-cn-strategic-dialogue-2021-12-23';

/** A fresh commitment on the seeded event, created through the API. */
export async function createCommitment(
  t: TestApp,
  auth: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; version: number; etag: string }> {
  const response = await request(t.http)
    .post('/api/v1/commitments')
    .set('Authorization', auth)
    .send({
      title: 'Hold a joint supply-chain forum',
      event: SEEDED_EVENT,
      parties: ['KR', { code: 'CN', role: 'COUNTERPART' }],
      themes: ['supply-chain-security'],
      madeOn: '2021-12-23',
      ...overrides,
    })
    .expect(201);
  return { ...response.body, etag: response.headers.etag };
}

/** Counts rows the API must (or must not) have written. */
export async function traces(t: TestApp, commitmentId: string) {
  const [updates, reviews, audit, commitment] = await Promise.all([
    t.prisma.statusUpdate.count({ where: { commitmentId } }),
    t.prisma.review.count({ where: { commitmentId } }),
    t.prisma.auditEntry.count({ where: { entityId: commitmentId } }),
    t.prisma.commitment.findUniqueOrThrow({ where: { id: commitmentId } }),
  ]);
  return { updates, reviews, audit, version: commitment.version };
}
