import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TIMEOUT_CHECK_INTERVAL_MS } from '../src/common/request-limits.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
/** Node checks the bounds once per interval; the rest is slack for a loaded machine. */
const LATENESS_MS = TIMEOUT_CHECK_INTERVAL_MS + 1500;

interface Exchange {
  answer: string;
  closedAfterMs: number;
}

describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      env: {
        HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.http.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Sends `head` at once, then `dribble` a byte every 200 ms until the server closes. */
  const dribble = (head: string, dribbled: string): Promise<Exchange> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (socket.writable) socket.write(dribbled[sent++ % dribbled.length]);
      }, 200);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, closedAfterMs: Date.now() - started });
      });
      socket.on('connect', () => socket.write(head));
      setTimeout(() => reject(new Error('the server kept the connection open')), 15_000).unref();
    });

  it('answers 408 and closes a connection whose headers come too slowly', async () => {
    const { answer, closedAfterMs } = await dribble(
      'GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ',
      'abcdefgh',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + LATENESS_MS);
  });

  it('answers 408 and closes a connection whose body comes too slowly', async () => {
    const head = [
      'POST /api/v1/themes HTTP/1.1',
      'Host: localhost',
      'Content-Type: application/json',
      'Content-Length: 10000',
      '',
      '{"name":"',
    ].join('\r\n');
    const { answer, closedAfterMs } = await dribble(head, 'abcdefgh');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + LATENESS_MS);
  });

  it('bounds each request, not the connection: a kept-alive one serves after a pause', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    let answer = '';
    socket.on('data', (chunk: string) => (answer += chunk));
    const ask = async () => {
      answer = '';
      socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
      while (!answer.includes('\r\n\r\n')) await sleep(20);
      return answer;
    };
    try {
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
      await sleep(REQUEST_TIMEOUT_MS + TIMEOUT_CHECK_INTERVAL_MS);
      expect(await ask()).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });
});
