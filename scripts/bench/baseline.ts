import http from 'node:http';
import pg from 'pg';
import { DEFAULT_PAGE_SIZE, toPage } from '../../src/common/pagination.js';
import {
  contentEtag,
  matchesIfNoneMatch,
  PUBLIC_CACHE_CONTROL,
} from '../../src/common/http-cache.js';
import { toCommitmentDetailDto, toCommitmentDto } from '../../src/commitments/commitment.mapper.js';
import { commitmentEtag } from '../../src/commitments/commitment-etag.js';
import { cursorValues } from '../../src/commitments/commitment-sort.js';
import {
  commitmentDetailSql,
  commitmentPageSql,
  fromRaw,
  toDetailRow,
  type RawCommitmentRow,
  type RawDetailRow,
} from '../../src/commitments/commitments.repository.js';
import { idOrSlugCondition } from '../../src/commitments/commitment-filters.js';
import { orderOf } from '../../src/commitments/commitments.service.js';
import { queryRows } from '../../src/database/raw-query.js';
import type { CommitmentStatus } from '../../src/generated/prisma/enums.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { statsSql, type StatusRow, type ThemeStatusRow } from '../../src/stats/stats.repository.js';
import { toStats } from '../../src/stats/stats.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import {
  latestUpdatesSql,
  type FeedRepository,
  type FeedRow,
} from '../../src/feed/feed.repository.js';
import { FeedService } from '../../src/feed/feed.service.js';
import { DEFAULT_LANGUAGE } from '../../src/common/languages.js';
import type { FollowTargetsRepository } from '../../src/subscriptions/follow-targets.repository.js';
import { parseIfMatch } from '../../src/commitments/if-match.js';
import { rawStatusUpdate, type RawStatusUpdate } from './staff-write-baseline.js';

interface Answer {
  /** A write's status (a read's is 200, or 404 without a body). */
  status?: number;
  /** JSON, or a document already rendered (`type` says which). */
  body?: unknown;
  etag?: string;
  type?: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/**
 * The benchmark's baseline: the fastest thing that serves the same data. A bare node:http server
 * on one pg.Pool, running the SAME statements as the app (its SQL builders and row mappers are
 * imported, so they cannot drift) and answering the same JSON, ETag and 304, with none of the
 * framework: no Nest, Fastify, Prisma, validation, logging, rate limit or answer cache.
 */
export function createBaselineServer(databaseUrl: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const rows = <Row>(sql: Prisma.Sql): Promise<Row[]> => queryRows<Row>(pool, sql);

  async function list(params: URLSearchParams): Promise<Answer> {
    const limit = Number(params.get('limit') ?? DEFAULT_PAGE_SIZE);
    const status = params.get('status')?.split(',') as CommitmentStatus[] | undefined;
    const filter = {
      status,
      q: params.get('q') ?? undefined,
      theme: params.get('theme') ?? undefined,
    };
    const order = orderOf(filter);
    const found = await rows<RawCommitmentRow & { sortKey: unknown }>(
      commitmentPageSql({ filter, order, take: limit + 1 }),
    );
    const page = toPage(
      found.map(fromRaw),
      limit,
      (row) => cursorValues(order, row),
      toCommitmentDto,
    );
    return { body: page };
  }

  async function detail(idOrSlug: string): Promise<Answer> {
    const condition = idOrSlugCondition(idOrSlug);
    const [row] = condition ? await rows<RawDetailRow>(commitmentDetailSql(condition)) : [];
    if (!row) return {};
    const commitment = toCommitmentDetailDto(toDetailRow(row));
    return { body: commitment, etag: commitmentEtag(commitment.version) };
  }

  async function stats(): Promise<Answer> {
    const [statusSql, themeSql] = statsSql({});
    const [statusRows, themeRows] = await Promise.all([
      rows<StatusRow>(statusSql),
      rows<ThemeStatusRow>(themeSql),
    ]);
    return { body: toStats(statusRows, themeRows) };
  }

  // The app's own Atom rendering, over the same statement run straight on the pool.
  const feedRows: Pick<FeedRepository, 'latest'> = {
    latest: (filter, take, language) => rows<FeedRow>(latestUpdatesSql(filter, take, language)),
  };
  // The global feed, the only one the bench loads, names no follow target.
  const noTargets = {} as FollowTargetsRepository;
  const feed = new FeedService(feedRows as FeedRepository, noTargets, loadConfig());

  function route(url: URL): Promise<Answer> {
    const path = url.pathname;
    if (path === '/health/ready') return Promise.resolve({ body: { status: 'ok' } });
    if (path === '/api/v1/commitments') return list(url.searchParams);
    if (path === '/api/v1/stats') return stats();
    if (path === '/api/v1/feed.atom')
      return feed.atom({}, DEFAULT_LANGUAGE).then((body) => ({ body, type: ATOM_TYPE }));
    const detailPath = /^\/api\/v1\/commitments\/([^/]+)$/.exec(path);
    return detailPath ? detail(decodeURIComponent(detailPath[1])) : Promise.resolve({});
  }

  /** The staff status update (staff-write-baseline.ts), as the bench sends it. */
  async function statusUpdate(request: http.IncomingMessage, idOrSlug: string): Promise<Answer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await rawStatusUpdate(pool, {
      key: request.headers.authorization?.replace(/^Bearer /, '') ?? '',
      idOrSlug,
      expectedVersion: parseIfMatch(request.headers['if-match'] ?? ''),
      idempotencyKey: String(request.headers['idempotency-key']),
      body: JSON.parse(Buffer.concat(chunks).toString()) as RawStatusUpdate['body'],
    });
    return {
      status: answer.status,
      body: answer.body,
      etag: answer.version ? commitmentEtag(answer.version) : undefined,
    };
  }

  const server = http.createServer((request, response) => {
    const updates = /^\/api\/v1\/commitments\/([^/]+)\/updates$/.exec(request.url ?? '');
    if (request.method === 'POST' && updates) {
      return void statusUpdate(request, decodeURIComponent(updates[1])).then(
        ({ status, body, etag }) => {
          response.writeHead(status ?? 500, etag ? { etag, 'content-type': JSON_TYPE } : {});
          response.end(body === undefined ? undefined : JSON.stringify(body));
        },
        (error: unknown) => void response.writeHead(500).end(String(error)),
      );
    }
    route(new URL(request.url ?? '/', 'http://baseline'))
      .then(({ body, etag, type = JSON_TYPE }) => {
        if (body === undefined) return void response.writeHead(404).end();
        const json = typeof body === 'string' ? body : JSON.stringify(body);
        const tag = etag ?? contentEtag(json);
        const headers = { etag: tag, 'cache-control': PUBLIC_CACHE_CONTROL };
        if (matchesIfNoneMatch(request.headers['if-none-match'], tag)) {
          return void response.writeHead(304, headers).end();
        }
        response.writeHead(200, { ...headers, 'content-type': type }).end(json);
      })
      .catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
  });
  server.on('close', () => void pool.end());
  return server;
}
