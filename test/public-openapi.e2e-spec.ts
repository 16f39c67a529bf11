import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

const LIST_FILTERS = [
  'status',
  'theme',
  'party',
  'event',
  'stale',
  'overdue',
  'q',
  'targetBefore',
  'targetAfter',
  'sort',
];

interface Operation {
  parameters?: { name: string; in: string; schema?: { type?: string; items?: unknown } }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('public read API: OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, { get?: Operation }>;
  const openApiDocument = async () =>
    (await request(t.http).get('/api/openapi.json').expect(200)).body;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
    paths = (await openApiDocument()).paths;
  });
  afterAll(() => t.close());

  it('is valid against the OpenAPI schema of its version', async () => {
    const document = await openApiDocument();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe(document.openapi.slice(0, 3));
  });

  it('registers no path twice under other parameter names (OpenAPI forbids it)', () => {
    const shapes = Object.keys(paths).map((path) => path.replace(/\{[^}]+\}/g, '{}'));
    expect(shapes.length).toBeGreaterThan(25);
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it('describes the staff API key as an opaque bearer token, not a JWT', async () => {
    const { components } = await openApiDocument();
    expect(components.securitySchemes.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: expect.stringContaining('ct_'),
    });
  });

  it.each([
    ['/api/v1/commitments', [...LIST_FILTERS, 'limit', 'cursor']],
    ['/api/v1/commitments.csv', LIST_FILTERS],
    ['/api/v1/commitments/{idOrSlug}', ['idOrSlug']],
    ['/api/v1/commitments/{idOrSlug}/updates', ['idOrSlug', 'limit', 'cursor']],
    ['/api/v1/commitments/{idOrSlug}/reviews', ['idOrSlug', 'limit', 'cursor']],
    ['/api/v1/commitments/{idOrSlug}/evidence', ['idOrSlug']],
    ['/api/v1/events', []],
    ['/api/v1/events/{slug}', ['slug']],
    ['/api/v1/themes', []],
    ['/api/v1/parties', []],
    ['/api/v1/stats', ['event', 'theme']],
    ['/api/v1/feed.atom', ['event', 'theme']],
  ])('documents GET %s with its parameters and responses', (path, parameters) => {
    const operation = paths[path]?.get;
    expect(operation).toBeDefined();
    const names = (operation!.parameters ?? []).map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining([...parameters, 'If-None-Match']));
    expect(Object.keys(operation!.responses)).toEqual(
      expect.arrayContaining(['200', '304', '400', '429']),
    );
    expect(Object.values(operation!.responses['200'].content ?? {})[0]?.schema).toBeDefined();
  });

  it('documents status as a repeatable enum', () => {
    const status = paths['/api/v1/commitments'].get!.parameters!.find((p) => p.name === 'status');
    expect(status?.schema).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['FULFILLED']) },
    });
  });
});
