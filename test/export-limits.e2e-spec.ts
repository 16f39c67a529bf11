import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import request from 'supertest';
import { expectProblem } from './support/problem.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * An export whose client reads its status line and then nothing: the app streams until the socket
 * buffers are full, then waits.
 */
interface HeldExport {
  status: number;
  socket: net.Socket;
}

describe('CSV exports: bounded per client and per instance', () => {
  let t: TestApp;
  let port: number;
  const held: net.Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: { EXPORT_MAX_PER_CLIENT: '2', EXPORT_MAX_CONCURRENT: '3', TRUST_PROXY: '1' },
    });
    // About 12 MB of CSV, more than the socket buffers between the app and a client that stops
    // reading, so such an export stays open. The bulk is the event's title, repeated on each row.
    await t.prisma.$executeRawUnsafe(
      `INSERT INTO event (slug, title, held_on) VALUES ('held-event', repeat('Long title. ', 500), '2024-05-01')`,
    );
    await t.prisma.$executeRawUnsafe(`
      INSERT INTO commitment (slug, title, event_id, made_on)
      SELECT 'held-' || n, 'Held pledge ' || n, (SELECT id FROM event WHERE slug = 'held-event'),
        '2024-05-01'
      FROM generate_series(1, 2000) AS n`);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.http.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await t.close();
  });

  function holdExport(client: string): Promise<HeldExport> {
    const socket = net.connect(port, '127.0.0.1');
    held.push(socket);
    socket.write(
      `GET /api/v1/commitments.csv HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${client}\r\n\r\n`,
    );
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1]);
        resolve({ status, socket });
      });
    });
  }

  const exportFrom = (client: string) =>
    request(t.http).get('/api/v1/commitments.csv').set('x-forwarded-for', client);

  /** The export's answer once the app has noticed the client went away (a few event-loop turns). */
  async function afterRelease(client: string): Promise<number> {
    let status = 429;
    for (let attempt = 0; attempt < 50 && status === 429; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const probe = await holdExport(client);
      status = probe.status;
      if (status !== 200) probe.socket.destroy();
    }
    return status;
  }

  it('frees the slot when an export has streamed to its end', async () => {
    // Sequentially, more exports than the client's bound: each one's slot is back when it ends.
    for (let n = 0; n < 3; n++) {
      const response = await exportFrom('203.0.113.43').query({ q: 'climate' }).expect(200);
      expect(response.text).toContain('climate-change-cooperation');
    }
  });

  it('refuses a third export from one client with 429, the instance’s fourth with 503', async () => {
    expect((await holdExport('203.0.113.40')).status).toBe(200);
    const second = await holdExport('203.0.113.40');
    expect(second.status).toBe(200);

    const perClient = await exportFrom('203.0.113.40');
    expectProblem(perClient, 429);
    expect(perClient.body.detail).toContain('At most 2 exports at a time');
    expect(Number(perClient.headers['retry-after'])).toBeGreaterThan(0);

    expect((await holdExport('203.0.113.41')).status).toBe(200);
    const overall = await exportFrom('203.0.113.42');
    expectProblem(overall, 503);
    expect(overall.body.detail).toContain('Too many exports');
    expect(Number(overall.headers['retry-after'])).toBeGreaterThan(0);

    // The rest of the API answers while the exports wait on their clients.
    await request(t.http)
      .get('/api/v1/commitments?limit=5')
      .set('x-forwarded-for', '203.0.113.42')
      .expect(200);
    await request(t.http).get('/').set('x-forwarded-for', '203.0.113.42').expect(200);

    // A client that gives up on an export frees its slot.
    second.socket.destroy();
    expect(await afterRelease('203.0.113.42')).toBe(200);
  });
});
