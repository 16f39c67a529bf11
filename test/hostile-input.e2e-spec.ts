import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { encodeCursor } from '../src/common/pagination.js';
import { MAX_JSON_DEPTH } from '../src/common/request-limits.js';
import { listOperations, type Operation } from './support/openapi-fuzz.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SLUG = 'climate-change-cooperation';

describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  let operations: Operation[];
  let webhookId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await bearer(t, 'admin');
    operations = listOperations((await request(t.http).get('/api/openapi.json')).body);
    const endpoint = await request(t.http)
      .post('/api/v1/webhooks')
      .set('Authorization', admin)
      .send({ url: 'https://hooks.example.org/in', eventTypes: ['evidence.linked'] })
      .expect(201);
    webhookId = endpoint.body.id;
  });
  afterAll(() => t.close());

  const get = (url: string) => request(t.http).get(url).set('Authorization', admin);
  const postKey = (body: string) =>
    request(t.http)
      .post('/api/v1/api-keys')
      .set('Authorization', admin)
      .set('content-type', 'application/json')
      .send(body);
  const expectFieldProblem = (response: request.Response, field: string) => {
    expectProblem(response, 400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  };

  describe('malformed cursors', () => {
    const cursors = [
      encodeCursor(['not a date', 'x']),
      encodeCursor(['2022-01-01T00:00:00.000Z', 'not-a-uuid']),
      encodeCursor([5, null]),
      encodeCursor(['2022-01-01T00:00:00.000Z']),
      '!!not-base64!!',
    ];

    it('are a 400 naming the cursor on every keyset listing', async () => {
      for (const path of [
        '/api/v1/jobs/runs',
        '/api/v1/reminders',
        `/api/v1/commitments/${SLUG}/updates`,
      ]) {
        for (const cursor of cursors) {
          expectFieldProblem(await get(`${path}?cursor=${encodeURIComponent(cursor)}`), 'cursor');
        }
      }
      expectFieldProblem(await get(`/api/v1/audit?cursor=${encodeCursor(['12a'])}`), 'cursor');
    });
  });

  describe('integers in query strings', () => {
    const integerParameters = () =>
      operations.flatMap((operation) =>
        operation.parameters
          .filter((p) => p.in === 'query' && ['integer', 'number'].includes(p.schema?.type ?? ''))
          .map((parameter) => ({
            // A webhook endpoint is named by its id; everything else here takes the slug.
            path: operation.path
              .replace(/^(\/api\/v1\/webhooks\/)\{id\}/, `$1${webhookId}`)
              .replace(/\{[^}]+\}/g, SLUG),
            name: parameter.name,
          })),
      );

    it('must be plain decimal digits, on every route that takes one', async () => {
      const parameters = integerParameters();
      expect(parameters.length).toBeGreaterThanOrEqual(5);
      for (const { path, name } of parameters) {
        for (const value of ['0x10', '1e1', '+5', ' 5', '5 ', '1.0', '0b1', '', '1'.repeat(20)]) {
          const response = await get(`${path}?${name}=${encodeURIComponent(value)}`);
          expect({ path, value, status: response.status }).toEqual({ path, value, status: 400 });
          expectFieldProblem(response, name);
        }
        const plain = await get(`${path}?${name}=07`);
        expect({ path, status: plain.status }).toEqual({ path, status: 200 });
      }
    });

    it('keep their meaning', async () => {
      const page = await get('/api/v1/commitments?limit=16').expect(200);
      expect(page.body.page.limit).toBe(16);
    });
  });

  describe('prototype keys', () => {
    it('are refused in a query string like any unknown field', async () => {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        expectFieldProblem(await get(`/api/v1/commitments?${key}=1`), key);
        expectFieldProblem(await get(`/api/v1/reminders?${key}=1`), key);
      }
    });

    it('are refused in a JSON body, at any depth', async () => {
      expectFieldProblem(
        await postKey('{"constructor":1,"name":"c","role":"editor"}'),
        'constructor',
      );
      expectFieldProblem(await postKey('{"prototype":1,"name":"c","role":"editor"}'), 'prototype');
      const commitment = await request(t.http)
        .post('/api/v1/commitments')
        .set('Authorization', admin)
        .send({ title: 'c', parties: [{ code: 'KR', prototype: {} }] });
      expectFieldProblem(commitment, 'parties.0.prototype');
      expect(await t.prisma.apiKey.count({ where: { name: 'c' } })).toBe(0);
    });
  });

  describe('deeply nested JSON', () => {
    const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it('is a 400 naming the body, however it nests', async () => {
      for (const body of [
        nestedArrays(10_000),
        nestedObjects(10_000),
        `{"name":${nestedArrays(10_000)},"role":"editor"}`,
        `{"name":"x","role":"editor","extra":${nestedObjects(MAX_JSON_DEPTH)}}`,
      ]) {
        const response = await postKey(body);
        expectFieldProblem(response, 'body');
        expect(response.body.detail).toMatch(/deeper than/);
      }
      expect(await t.prisma.apiKey.count({ where: { name: 'x' } })).toBe(0);
    });

    it('lets a body through up to the bound, and does not count brackets inside strings', async () => {
      const atBound = await postKey(
        `{"name":"x","role":"editor","extra":${nestedObjects(MAX_JSON_DEPTH - 1)}}`,
      );
      expectFieldProblem(atBound, 'extra');
      const brackets = `[{\\"${'['.repeat(MAX_JSON_DEPTH + 1)}`;
      const created = await postKey(`{"name":"${brackets}","role":"editor"}`).expect(201);
      expect(created.body.name).toBe(`[{"${'['.repeat(MAX_JSON_DEPTH + 1)}`);
    });

    it('still refuses prototype poisoning', async () => {
      for (const body of [
        '{"__proto__":{"admin":true},"name":"p","role":"editor"}',
        '{"constructor":{"prototype":{"admin":true}},"name":"p","role":"editor"}',
      ]) {
        expectProblem(await postKey(body), 400);
      }
    });
  });
});
