import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import request from 'supertest';
import {
  hostileBody,
  hostileString,
  listOperations,
  validValue,
  type Operation,
  type Schema,
} from './support/openapi-fuzz.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Seeded and reproducible: FUZZ_SEED=<n> npm test -- test/fuzz-openapi replays a run. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** A developer's run; CI's reliability step runs FUZZ_RUNS=5000 (RELIABILITY.md). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

interface FuzzRequest {
  operation: Operation;
  path: string;
  query: Record<string, unknown>;
  body?: string;
  authorization?: string;
}

describe(`fuzzing every route of the OpenAPI document (${RUNS} requests, seed ${SEED})`, () => {
  let t: TestApp;
  let document: Parameters<typeof listOperations>[0];
  let ajv: Ajv;
  let authorizations: (string | undefined)[];

  beforeAll(async () => {
    t = await createTestApp();
    document = (await request(t.http).get('/api/openapi.json').expect(200)).body;
    ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components ?? {} });
    authorizations = [
      undefined,
      await bearer(t, 'admin'),
      await bearer(t, 'editor'),
      'Bearer ct_not-a-real-key',
    ];
  });
  afterAll(() => t.close());

  const rooted = (schema: Schema): Schema =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Schema;

  function requestFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const value = (schema: Schema = {}) =>
      fc.oneof(
        { weight: 3, arbitrary: validValue(schema, document) },
        { weight: 1, arbitrary: hostileString },
      );
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    return fc.record({
      operation: fc.constant(operation),
      path: fc
        .tuple(...pathParams.map((param) => value(param.schema)))
        .map((values) =>
          pathParams.reduce(
            (path, param, index) =>
              path.replace(`{${param.name}}`, encodeURIComponent(String(values[index]))),
            operation.path,
          ),
        ),
      query: fc.record(
        Object.fromEntries(queryParams.map((param) => [param.name, value(param.schema)])),
        { requiredKeys: [] },
      ),
      body: operation.bodySchema
        ? fc.oneof(
            validValue(operation.bodySchema, document).map((body) => JSON.stringify(body)),
            hostileBody,
          )
        : fc.constant(undefined),
      authorization: fc.constantFrom(...authorizations),
    });
  }

  async function send(fuzz: FuzzRequest): Promise<request.Response> {
    const method = fuzz.operation.method.toLowerCase() as 'get';
    const agent = request(t.http);
    let call = agent[method](fuzz.path).query(fuzz.query as Record<string, string>);
    if (fuzz.authorization) call = call.set('authorization', fuzz.authorization);
    if (fuzz.operation.method !== 'GET') {
      call = call.set('if-match', '"v1"').set('idempotency-key', `fuzz-${Math.random()}`);
    }
    if (fuzz.body !== undefined)
      call = call.set('content-type', 'application/json').send(fuzz.body);
    return call;
  }

  function checkResponse(fuzz: FuzzRequest, response: request.Response): void {
    const label = `${fuzz.operation.method} ${fuzz.path} → ${response.status}`;
    expect({ label, serverError: response.status >= 500 }).toEqual({ label, serverError: false });
    const documented = fuzz.operation.responses[String(response.status)];
    if (response.status >= 400) {
      expect({ label, type: response.headers['content-type'] }).toEqual({
        label,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect({ label, documented: documented !== undefined }).toEqual({ label, documented: true });
      return;
    }
    const schema = documented?.content?.['application/json']?.schema;
    if (schema && response.status !== 304 && /json/.test(response.headers['content-type'] ?? '')) {
      const validate = ajv.compile(rooted(schema));
      expect({ label, errors: validate(response.body) ? null : validate.errors }).toEqual({
        label,
        errors: null,
      });
    }
  }

  it('never answers 5xx; errors are documented problem+json; 2xx bodies match their schema', async () => {
    const operations = listOperations(document);
    expect(operations.length).toBeGreaterThan(5);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations).chain(requestFor), async (fuzz) => {
        const response = await send(fuzz);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        checkResponse(fuzz, response);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(RUNS);
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
  }, 600_000);
});
