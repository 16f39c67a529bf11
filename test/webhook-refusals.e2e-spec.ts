import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The production settings: no http://, no private or loopback addresses. */
describe('webhook endpoints: what the sender refuses', () => {
  let t: TestApp;
  let admin: string;
  let local: Server;
  let requests = 0;

  beforeAll(async () => {
    local = createServer((_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({ seed: false });
    admin = await bearer(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => local.close(resolve));
  });

  const port = () => (local.address() as AddressInfo).port;

  it.each([
    `http://127.0.0.1:PORT/hook`,
    `http://localhost:PORT/hook`,
    'http://receiver.example.org/hook',
    'https://10.0.0.5/hook',
    'https://172.16.3.4/hook',
    'https://192.168.1.10/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/hook',
    'https://127.0.0.1/hook',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://[fe80::1]/hook',
    'https://[::ffff:10.0.0.5]/hook',
  ])('refuses to register %s', async (template) => {
    const url = template.replace('PORT', String(port()));
    const response = await request(t.http)
      .post('/api/v1/webhooks')
      .set('Authorization', admin)
      .send({ url, eventTypes: ['evidence.linked'] });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([{ field: 'url', messages: [expect.any(String)] }]);
  });

  it('refuses to connect to a host name that resolves to a loopback address', async () => {
    const created = await request(t.http)
      .post('/api/v1/webhooks')
      .set('Authorization', admin)
      .send({ url: `https://localhost:${port()}/hook`, eventTypes: ['evidence.linked'] })
      .expect(201);
    const sent = await request(t.http)
      .post(`/api/v1/webhooks/${created.body.id}/test`)
      .set('Authorization', admin)
      .expect(200);
    expect(sent.body).toMatchObject({ state: 'PENDING', lastHttpStatus: null });
    expect(sent.body.lastError).toMatch(
      /^refused: (127\.0\.0\.1|::1) is a private, loopback or reserved address$/,
    );
    expect(requests).toBe(0);
  });

  it('refuses at send time an address registered while WEBHOOK_ALLOW_PRIVATE was on', async () => {
    const endpoint = await t.prisma.webhookEndpoint.create({
      data: { url: 'https://10.0.0.5/hook', eventTypes: ['evidence.linked'], secret: 's' },
    });
    const sent = await request(t.http)
      .post(`/api/v1/webhooks/${endpoint.id}/test`)
      .set('Authorization', admin)
      .expect(200);
    expect(sent.body.lastError).toBe(
      'refused: 10.0.0.5 is a private, loopback or reserved address',
    );
  });
});
