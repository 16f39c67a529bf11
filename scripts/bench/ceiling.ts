import http from 'node:http';
import { matchesIfNoneMatch } from '../../src/common/http-cache.js';

interface Copy {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The headers of the app's answer the ceiling repeats (the rest are the app's own business). */
const KEPT = ['content-type', 'etag', 'cache-control', 'vary'];

/**
 * The benchmark's static ceiling: a bare node:http server answering from memory the bytes the
 * app answered, with its ETag and 304s, doing nothing else. The first request for a path copies
 * the app's answer (the bench's warm-up); every later one is a Map lookup and a write. What the
 * app's cached reads are measured against: the most this machine gives a server holding the
 * answer in memory.
 */
export function createCeilingServer(sourceBase: string) {
  const copies = new Map<string, Promise<Copy>>();
  const copyOf = async (path: string): Promise<Copy> => {
    const response = await fetch(sourceBase + path);
    const headers = Object.fromEntries(
      KEPT.flatMap((name) => {
        const value = response.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  };
  return http.createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/health/ready') return void response.writeHead(200).end('ok');
    let copy = copies.get(path);
    if (!copy) copies.set(path, (copy = copyOf(path)));
    copy.then(
      ({ status, headers, body }) => {
        if (matchesIfNoneMatch(request.headers['if-none-match'], headers.etag ?? '')) {
          return void response.writeHead(304, headers).end();
        }
        response.writeHead(status, headers).end(body);
      },
      (error: unknown) => void response.writeHead(502).end(String(error)),
    );
  });
}
