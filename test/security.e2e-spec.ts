import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MAX_URL_LENGTH } from '../src/common/request-limits.js';
import { listOperations, type Operation } from './support/openapi-fuzz.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SAMPLE_UUID = '00000000-0000-4000-8000-000000000000';

describe('security checks', () => {
  let t: TestApp;
  let operations: Operation[];
  let admin: string;
  let editor: string;
  let revoked: string;

  beforeAll(async () => {
    // Every refusal below is a failed authentication: lift the per-client limit on those.
    t = await createTestApp({ env: { AUTH_FAILURE_LIMIT: '100000' } });
    operations = listOperations((await request(t.http).get('/api/openapi.json')).body);
    admin = await bearer(t, 'admin');
    editor = await bearer(t, 'editor');
    revoked = await bearer(t, 'admin', 'revoked-key');
    await t.prisma.apiKey.updateMany({
      where: { name: 'revoked-key' },
      data: { revokedAt: new Date() },
    });
  });
  afterAll(() => t.close());

  const secured = () => operations.filter((operation) => operation.secured);
  const adminOnly = () =>
    secured().filter((operation) =>
      /below admin/.test(JSON.stringify(operation.responses['403'] ?? '')),
    );
  const call = (operation: Operation, authorization?: string) => {
    const path = operation.path.replace(/\{[^}]+\}/g, SAMPLE_UUID);
    const method = operation.method.toLowerCase() as 'post';
    const agent = request(t.http);
    const pending = agent[method](path).set('content-type', 'application/json');
    return (authorization ? pending.set('authorization', authorization) : pending).send('{}');
  };

  it('documents every write route as secured, but the public follow request', () => {
    const writes = operations.filter((operation) => operation.method !== 'GET');
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.filter((operation) => !operation.secured).map((o) => o.path)).toEqual([
      '/api/v1/subscriptions',
    ]);
  });

  it('refuses every secured route without a key, with a revoked key and with a garbage key', async () => {
    for (const operation of secured()) {
      for (const authorization of [undefined, revoked, 'Bearer ct_garbage', 'Basic abc']) {
        const response = await call(operation, authorization);
        expect({ route: `${operation.method} ${operation.path}`, status: response.status }).toEqual(
          {
            route: `${operation.method} ${operation.path}`,
            status: 401,
          },
        );
        expectProblem(response, 401);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });

  it('refuses an editor on every admin route with 403', async () => {
    expect(adminOnly().length).toBeGreaterThan(4);
    for (const operation of adminOnly()) {
      const response = await call(operation, editor);
      expect({ route: `${operation.method} ${operation.path}`, status: response.status }).toEqual({
        route: `${operation.method} ${operation.path}`,
        status: 403,
      });
    }
  });

  it('never shows a key or its hash after creation', async () => {
    const created = await request(t.http)
      .post('/api/v1/api-keys')
      .set('authorization', admin)
      .send({ name: 'shown once', role: 'editor' })
      .expect(201);
    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    const listing = await request(t.http)
      .get('/api/v1/api-keys')
      .set('authorization', admin)
      .expect(200);
    const audit = await request(t.http)
      .get('/api/v1/audit')
      .set('authorization', admin)
      .expect(200);
    for (const text of [listing.text, audit.text]) {
      expect(text).not.toContain(created.body.key);
      expect(text).not.toContain(stored.keyHash);
      expect(text).not.toMatch(/keyHash|key_hash/);
    }
  });

  it('keeps archived rows and staff-only fields out of every public response', async () => {
    const archived = await t.prisma.commitment.update({
      where: { slug: 'expand-substantial-cooperation' },
      data: { archived: true },
    });
    const publicPaths = [
      '/api/v1/commitments?limit=100',
      '/api/v1/commitments.csv',
      '/api/v1/feed.atom',
      '/api/v1/events/kr-cn-strategic-dialogue-2021-12-23',
      '/api/v1/themes',
      '/',
      '/themes/bilateral-relations',
    ];
    for (const path of publicPaths) {
      const response = await request(t.http).get(path).expect(200);
      expect({ path, leaks: response.text.includes(archived.slug) }).toEqual({
        path,
        leaks: false,
      });
      expect(response.text).not.toMatch(/apiKeyId|api_key_id|keyHash|searchVector|"archived"/);
    }
    expectProblem(await request(t.http).get(`/api/v1/commitments/${archived.id}`), 404);
    await request(t.http).get(`/commitments/${archived.slug}`).expect(404);
  });

  it('sends security headers on API and pages', async () => {
    for (const path of ['/api/v1/commitments', '/']) {
      const response = await request(t.http).get(path).expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
    const page = await request(t.http).get('/').expect(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['strict-transport-security']).toBeDefined();
  });

  it('bounds body size, page size and URL length', async () => {
    const huge = JSON.stringify({
      name: 'x'.repeat(t.config.BODY_LIMIT_BYTES + 1),
      role: 'editor',
    });
    const tooLarge = await request(t.http)
      .post('/api/v1/api-keys')
      .set('authorization', admin)
      .set('content-type', 'application/json')
      .send(huge);
    expectProblem(tooLarge, 413);
    expectProblem(await request(t.http).get('/api/v1/commitments?limit=101'), 400);
    const longUrl = `/api/v1/commitments?q=${'a'.repeat(MAX_URL_LENGTH)}`;
    expectProblem(await request(t.http).get(longUrl), 414);
    expect(t.config.DB_STATEMENT_TIMEOUT_MS).toBeLessThanOrEqual(5000);
  });
});
