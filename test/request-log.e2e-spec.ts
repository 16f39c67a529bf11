import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { runJob, setNow } from './support/jobs.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SLUG = 'climate-change-cooperation';
const GUESSED_KEY = 'ct_guessed-key-that-must-not-be-logged';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  [field: string]: unknown;
}

describe('the request log', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  const lines: LogLine[] = [];
  const text: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: { LOG_LEVEL: 'info', AUTH_FAILURE_LIMIT: '5' },
      logDestination: {
        write: (chunk: string) => {
          text.push(chunk);
          lines.push(JSON.parse(chunk) as LogLine);
        },
      },
    });
    admin = await bearer(t, 'admin');
    editor = await bearer(t, 'editor');
  });
  afterAll(() => t.close());

  const requestLines = (path: string) =>
    lines.filter((line) => line.msg === 'request completed' && line.path === path);

  /** The one request log line of the only request to the path. */
  const lineOf = (path: string): LogLine => {
    const found = requestLines(path);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('logs a served API request with its route, path, status, duration and client', async () => {
    await request(t.http).get(`/api/v1/commitments/${SLUG}`).expect(200);
    const line = lineOf(`/api/v1/commitments/${SLUG}`);
    expect(line).toMatchObject({
      level: 30,
      reqId: expect.any(String),
      method: 'GET',
      route: '/api/v1/commitments/:idOrSlug',
      status: 200,
      durationMs: expect.any(Number),
      client: expect.stringMatching(/127\.0\.0\.1$/),
    });
    expect(line).not.toHaveProperty('req');
    expect(line).not.toHaveProperty('query');
  });

  it('logs a refused authentication as a warning, without the key it was given', async () => {
    await request(t.http)
      .get('/api/v1/api-keys')
      .set('Authorization', `Bearer ${GUESSED_KEY}`)
      .set('Cookie', 'session=cookie-that-must-not-be-logged')
      .expect(401);
    expect(lineOf('/api/v1/api-keys')).toMatchObject({
      level: 40,
      method: 'GET',
      route: '/api/v1/api-keys',
      status: 401,
    });
    await request(t.http).delete(`/api/v1/api-keys/${SLUG}`).set('Authorization', editor);
    expect(lineOf(`/api/v1/api-keys/${SLUG}`)).toMatchObject({ status: 403 });
  });

  it('logs invalid input, malformed JSON, unknown routes and malformed URLs', async () => {
    await request(t.http).get('/api/v1/commitments?limit=0x10&q=x').expect(400);
    expect(lineOf('/api/v1/commitments')).toMatchObject({
      level: 40,
      route: '/api/v1/commitments',
      query: 'limit=0x10&q=x',
      status: 400,
    });
    await request(t.http)
      .post('/api/v1/themes')
      .set('Authorization', admin)
      .set('content-type', 'application/json')
      .send('{"slug": ')
      .expect(400);
    expect(lineOf('/api/v1/themes')).toMatchObject({ method: 'POST', status: 400 });
    await request(t.http).get('/api/v1/nothing-here').expect(404);
    expect(lineOf('/api/v1/nothing-here')).toMatchObject({ route: null, status: 404 });
    await request(t.http).get('/api/v1/commitments/%zz').expect(400);
    expect(lineOf('/api/v1/commitments/%zz')).toMatchObject({ status: 400 });
  });

  it('logs the website, its assets and the health checks', async () => {
    await request(t.http).get('/').expect(200);
    await request(t.http).get('/assets/site.css').expect(200);
    await request(t.http).get('/health/live').expect(200);
    expect(lineOf('/')).toMatchObject({ route: '/', status: 200 });
    expect(lineOf('/assets/site.css')).toMatchObject({ route: '/assets/*', status: 200 });
    expect(lineOf('/health/live')).toMatchObject({ route: '/health/live', status: 200 });
  });

  it('logs a download the client hung up on', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((t.http.address() as AddressInfo).port, '127.0.0.1');
    socket.write('GET /api/v1/commitments.csv HTTP/1.1\r\nHost: localhost\r\n\r\n', () =>
      socket.destroy(),
    );
    const path = '/api/v1/commitments.csv';
    for (let waited = 0; waited < 5000 && requestLines(path).length === 0; waited += 50) {
      await sleep(50);
    }
    await sleep(200);
    expect(lineOf(path)).toMatchObject({
      route: '/api/v1/commitments.csv',
      status: 200,
    });
  });

  it('redacts the calendar token in the query string', async () => {
    const issued = await request(t.http)
      .post('/api/v1/reminders/calendar-token')
      .set('Authorization', editor)
      .expect(201);
    const token = issued.body.token as string;
    await request(t.http).get(`/api/v1/reminders.ics?token=${token}`).expect(200);
    await request(t.http).get(`/api/v1/reminders.ics?token=cal_wrong&Token=${token}`).expect(401);
    const [served, refused] = requestLines('/api/v1/reminders.ics');
    expect(served).toMatchObject({ status: 200, query: 'token=redacted' });
    expect(refused).toMatchObject({ status: 401, query: 'token=redacted&Token=redacted' });
    expect(text.join('')).not.toContain(token);
  });

  it('gives Nest logs made during a request the request id of its line', async () => {
    setNow(t, '2022-07-25T00:00:00.000Z');
    await runJob(t, 'deadline-check', admin);
    await runJob(t, 'dispatch-notifications', admin);
    const notification = lines.find((line) => line.context === 'Notifications');
    expect(notification?.reqId).toBe(lineOf('/api/v1/jobs/dispatch-notifications/run').reqId);
  });

  it('logs a client turned away after too many failed logins', async () => {
    let status = 0;
    for (let attempt = 0; status !== 429 && attempt < 10; attempt++) {
      status = (await request(t.http).get('/api/v1/audit').set('Authorization', 'Bearer ct_x'))
        .status;
    }
    expect(requestLines('/api/v1/audit').at(-1)).toMatchObject({ status: 429, level: 40 });
  });

  it('never logs an API key, a cookie or an Authorization header', () => {
    const everything = text.join('');
    for (const secret of [GUESSED_KEY, admin, editor, 'cookie-that-must-not-be-logged']) {
      expect(everything).not.toContain(secret.replace(/^Bearer /, ''));
    }
    expect(everything).not.toMatch(/authorization|bearer/i);
    // Exactly one line per request: no "incoming request" or "route not found" lines.
    expect(lines.filter((line) => /incoming|not found/i.test(line.msg))).toEqual([]);
  });
});
