import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import ICAL from 'ical.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SaxesParser } from 'saxes';
import request from 'supertest';
import { encodeCursor, type CursorValues } from '../src/common/pagination.js';
import { expectProblem } from './support/problem.js';
import { bearer } from './support/staff.js';
import { createCommitment, SEEDED_EVENT } from './support/staff-writes.js';
import {
  createTestApp,
  createProxiedTestApp,
  type ProxiedTestApp,
  type TestApp,
} from './support/test-app.js';
import { serverUrl } from './support/test-database.js';

/** Characters XML 1.0 forbids, and DEL (a control character in iCalendar); NUL cannot be stored. */
const FORBIDDEN = '\u0001\u0008\u000B\u000C\u000E\u001F\u007F\uFFFE\uFFFF';
const ID = '00000000-0000-4000-8000-000000000000';
const cursor = (values: CursorValues) => encodeCursor(values);

/** websearch_to_tsquery fails ("tsquery stack too small") on 33 or more NOT operators in a row. */
const NOT_RUNS: [string, string][] = [
  ['33 dashes', '-'.repeat(33)],
  ['40 dashes', '-'.repeat(40)],
  ['40 spaced dashes', '- '.repeat(40)],
  ['200 dashes', '-'.repeat(200)],
  ['a word and 40 dashes', `climate ${'-'.repeat(40)}`],
];

describe('hostile input on the public read paths', () => {
  let t: TestApp;
  let editor: string;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await bearer(t, 'editor');
  });
  afterAll(() => t.close());

  describe('search never fails, whatever `q` is', () => {
    it.each(NOT_RUNS)('%s: the list, the CSV export and the home page answer 200', async (_, q) => {
      for (const sort of [undefined, 'title']) {
        const csv = await request(t.http).get('/api/v1/commitments.csv').query({ q, sort });
        expect(csv.status).toBe(200);
        const list = await request(t.http).get('/api/v1/commitments').query({ q, sort });
        expect(list.status).toBe(200);
        expect(parse(csv.text.slice(1), { columns: true })).toHaveLength(list.body.data.length);
      }
      const page = await request(t.http).get('/').query({ q });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
    });

    it('falls back to the plain words of a query the web-search parser refuses', async () => {
      const search = async (q: string) =>
        (await request(t.http).get('/api/v1/commitments').query({ q }).expect(200)).body.data;
      const plain = await search('climate');
      expect(plain.length).toBeGreaterThan(0);
      expect(await search(`climate ${'-'.repeat(40)}`)).toEqual(plain);
    });

    it('answers 200 for any string of search operators, words and symbols', async () => {
      const token = fc.constantFrom('-', '- ', ' ', '"', ' or ', '!', '&', '|', '(', ')', ':*');
      const query = fc.oneof(
        fc.array(fc.oneof(token, fc.constantFrom("'", 'climate', '<->', '\\')), { maxLength: 80 }),
        fc.array(fc.constant('-'), { minLength: 30, maxLength: 200 }),
      );
      await fc.assert(
        fc.asyncProperty(
          query.map((parts) => parts.join('').slice(0, 200)),
          async (q) => {
            const response = await request(t.http).get('/api/v1/commitments').query({ q });
            expect({ q, status: response.status }).toEqual({ q, status: 200 });
          },
        ),
        { seed: 20261201, numRuns: 60 },
      );
    });
  });

  describe('path parameters and cursors the database cannot take are 400 or 404, never 500', () => {
    it.each(['/themes/%00', '/events/%00', '/commitments/%00', '/themes/Bad_Slug'])(
      'the website answers %s with a 404 page',
      async (path) => {
        const response = await request(t.http).get(path);
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/text\/html/);
      },
    );

    it.each([
      ['/api/v1/commitments', { theme: '\u0000' }],
      ['/api/v1/stats', { theme: '\u0000' }],
      ['/api/v1/feed.atom', { event: '\u0000' }],
    ])('the API refuses a NUL slug filter on %s with a 400 naming it', async (path, query) => {
      const response = await request(t.http).get(path).query(query);
      expectProblem(response, 400);
      expect(response.body.detail).toContain(Object.keys(query)[0]);
    });

    const outOfRange: [string, Record<string, string>, CursorValues][] = [
      ['a relevance rank beyond real', { q: 'climate' }, ['relevance', 1e300, ID]],
      ['a relevance rank that underflows real', { q: 'climate' }, ['relevance', 1e-300, ID]],
      ['a made-on date in year 0', { sort: 'madeOn' }, ['madeOn', '0000-01-01', ID]],
      ['a target date in year 0', { sort: 'targetDate' }, ['targetDate', '0000-06-01', ID]],
      ['an update time in year 0', {}, ['-updatedAt', '0000-01-01T00:00:00.000Z', ID]],
    ];

    it.each(outOfRange)(
      'the API refuses %s in a cursor with a 400 naming it',
      async (_, query, values) => {
        const response = await request(t.http)
          .get('/api/v1/commitments')
          .query({ ...query, cursor: cursor(values) });
        expectProblem(response, 400);
        expect(response.body.errors).toEqual([{ field: 'cursor', messages: ['malformed cursor'] }]);
      },
    );

    it('the API refuses a timeline cursor in year 0 with a 400 naming it', async () => {
      const response = await request(t.http)
        .get('/api/v1/commitments/climate-change-cooperation/updates')
        .query({ cursor: cursor(['0000-01-01T00:00:00.000Z', ID]) });
      expectProblem(response, 400);
      expect(response.body.errors[0].field).toBe('cursor');
    });

    it.each(outOfRange.filter(([, query]) => !query.sort))(
      'the website answers %s in a cursor with a 400 page',
      async (_, query, values) => {
        const response = await request(t.http)
          .get('/')
          .query({ ...query, cursor: cursor(values) });
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/text\/html/);
        expect(response.text).toContain('cursor');
      },
    );
  });

  describe('feeds stay well-formed whatever the stored text holds', () => {
    const title = `Hostile\u000B title${FORBIDDEN}`;
    const note = `Fell\u000Bthrough${FORBIDDEN} the cracks;\tsee\nthe minutes`;
    const cleanNote = 'Fellthrough the cracks;\tsee\nthe minutes';
    let commitmentId: string;

    beforeAll(async () => {
      // Straight into the database: rows written before input validation, or by other means.
      const commitment = await t.prisma.commitment.update({
        where: { slug: 'climate-change-cooperation' },
        data: { title },
      });
      commitmentId = commitment.id;
      await t.prisma.statusUpdate.create({
        data: {
          commitmentId,
          fromStatus: 'NOT_STARTED',
          toStatus: 'IN_PROGRESS',
          note,
          effectiveOn: new Date('2022-02-01'),
          actor: `editor${FORBIDDEN}`,
        },
      });
      await t.prisma.reminder.create({
        data: { commitmentId, kind: 'CUSTOM', dueAt: new Date('2030-01-01T09:00:00Z'), note },
      });
    });

    it('the Atom feed parses as XML 1.0 and carries the text without those characters', async () => {
      const response = await request(t.http).get('/api/v1/feed.atom').expect(200);
      const errors: string[] = [];
      const texts: string[] = [];
      const parser = new SaxesParser();
      parser.on('error', (error) => errors.push(error.message));
      parser.on('text', (text) => texts.push(text));
      parser.on('cdata', (text) => texts.push(text));
      parser.write(response.text).close();
      expect(errors).toEqual([]);
      expect(texts).toContain(cleanNote);
      expect(
        texts.some((text) => text.startsWith('Hostile title: not started → in progress')),
      ).toBe(true);
    });

    it('the calendar feed has no control characters and parses with ical.js', async () => {
      const response = await request(t.http)
        .get('/api/v1/reminders.ics')
        .set('Authorization', editor)
        .expect(200);
      // RFC 5545: no control character but HTAB in a value; CRLF only ends (or folds) lines.
      // eslint-disable-next-line no-control-regex
      expect(response.text.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F]/);
      expect(response.text).not.toMatch(/[\uFFFE\uFFFF]/);
      const events = new ICAL.Component(ICAL.parse(response.text)).getAllSubcomponents('vevent');
      const custom = events.find(
        (event) => event.getFirstPropertyValue('description') === cleanNote,
      );
      expect(custom?.getFirstPropertyValue('summary')).toBe('Reminder: Hostile title');
    });
  });

  describe('staff text fields refuse what would break a feed, and blank text', () => {
    let admin: string;
    beforeAll(async () => {
      admin = await bearer(t, 'admin');
    });
    const post = (path: string, body: object, headers: Record<string, string> = {}) =>
      request(t.http).post(path).set('Authorization', admin).set(headers).send(body);
    const expectRefused = (response: request.Response, field: string, message: RegExp) => {
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field, messages: [expect.stringMatching(message)] }]);
    };
    const FORBIDDEN_MESSAGE = /control character/;
    const BLANK_MESSAGE = /non-space character/;

    it.each([...FORBIDDEN].map((character) => [character.codePointAt(0)!.toString(16)]))(
      'a party name with U+%s is refused, naming the field',
      async (hex) => {
        const name = `Party ${String.fromCodePoint(parseInt(hex, 16))} name`;
        expectRefused(
          await post('/api/v1/parties', { code: 'ZZ', name }),
          'name',
          FORBIDDEN_MESSAGE,
        );
      },
    );

    it.each([
      ['a party name', '/api/v1/parties', { code: 'ZY' }, 'name'],
      ['a theme name', '/api/v1/themes', { slug: 'blank-theme' }, 'name'],
      ['an event title', '/api/v1/events', { slug: 'blank-event', heldOn: '2022-01-01' }, 'title'],
      [
        'a commitment title',
        '/api/v1/commitments',
        { event: SEEDED_EVENT, parties: ['KR'], themes: [], madeOn: '2021-12-23' },
        'title',
      ],
    ])('%s of only spaces is refused, naming the field', async (_, path, body, field) => {
      for (const blank of ['   ', ' \t\n ', '']) {
        expectRefused(await post(path, { ...body, [field]: blank }), field, BLANK_MESSAGE);
      }
    });

    it('refuses them in optional texts, list items, notes and reminders too', async () => {
      const created = await createCommitment(t, admin);
      const cases: [string, object, string, Record<string, string>?][] = [
        [
          '/api/v1/themes',
          { slug: 'bad-theme', name: 'Theme', description: 'a\u000Bb' },
          'description',
        ],
        [
          '/api/v1/events',
          { slug: 'bad-event', title: 'Event', heldOn: '2022-01-01', participants: ['A\u0001'] },
          'participants',
        ],
        [
          `/api/v1/commitments/${created.id}/updates`,
          { status: 'IN_PROGRESS', note: 'Moving\uFFFF on' },
          'note',
          { 'If-Match': created.etag },
        ],
        [
          `/api/v1/commitments/${created.slug}/reminders`,
          { dueAt: '2030-01-01T00:00:00Z', note: 'Call\u000C back' },
          'note',
        ],
      ];
      for (const [path, body, field, headers] of cases) {
        expectRefused(await post(path, body, headers), field, FORBIDDEN_MESSAGE);
      }
      const patched = await request(t.http)
        .patch(`/api/v1/parties/KR`)
        .set('Authorization', admin)
        .send({ nameKo: '대한\u001F민국' });
      expectRefused(patched, 'nameKo', FORBIDDEN_MESSAGE);
    });

    it('keeps tabs and line breaks in notes', async () => {
      const created = await createCommitment(t, admin);
      const note = 'First line\n\tindented\r\nlast line';
      const response = await post(
        `/api/v1/commitments/${created.id}/reviews`,
        { note },
        { 'If-Match': created.etag },
      ).expect(201);
      expect(response.body.note).toBe(note);
    });
  });
});

/** An export through a TCP proxy the test controls, over enough rows to take many batches. */
describe('CSV export: a database error while it streams', () => {
  const ROWS = 5_000;
  let t: ProxiedTestApp;
  let baseUrl: string;
  let errorLog: jest.SpiedFunction<Logger['error']>;
  let warningLog: jest.SpiedFunction<Logger['warn']>;
  /** What the app logged about the export, as errors or warnings. */
  const exportLogs = () =>
    [...errorLog.mock.calls, ...warningLog.mock.calls].filter((args) =>
      args.some((arg) => String(arg).includes('commitments.csv')),
    );

  beforeAll(async () => {
    t = await createProxiedTestApp({
      env: { DB_CONNECT_TIMEOUT_MS: '1000' },
    });
    // Straight to the database: longer than the app's statement timeout allows.
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    await client
      .query(
        `INSERT INTO commitment (slug, title, summary, event_id, made_on)
        SELECT 'bulk-' || n, 'Bulk pledge ' || n, repeat('A long summary. ', 20),
          (SELECT id FROM event WHERE slug = $1), '2021-12-23'
        FROM generate_series(1, ${ROWS}) AS n`,
        [SEEDED_EVENT],
      )
      .finally(() => client.end());
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => t.close());
  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error');
    warningLog = jest.spyOn(Logger.prototype, 'warn');
  });
  afterEach(() => {
    errorLog.mockRestore();
    warningLog.mockRestore();
  });

  /** Streams the export, calling `breakIt` once the first bytes arrived. */
  function exportWhile(breakIt: () => void | Promise<void>) {
    return new Promise<{ status: number; complete: boolean; lines: number }>((resolve, reject) => {
      http
        .get(`${baseUrl}/api/v1/commitments.csv?sort=title`, (response) => {
          let lines = 0;
          let broken: Promise<void> | undefined;
          response.on('data', (chunk: Buffer) => {
            broken ??= Promise.resolve().then(breakIt);
            lines += chunk.toString('latin1').split('\n').length - 1;
          });
          response.on('error', () => undefined);
          response.on('close', () => {
            void (broken ?? Promise.resolve()).then(
              () => resolve({ status: response.statusCode!, complete: response.complete, lines }),
              reject,
            );
          });
        })
        .on('error', reject);
    });
  }

  async function expectServing(): Promise<void> {
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(t.http).get('/api/v1/commitments')).status;
    }
    expect(status).toBe(200);
    const small = await request(t.http)
      .get('/api/v1/commitments.csv')
      .query({ q: 'climate' })
      .expect(200);
    const list = await request(t.http).get('/api/v1/commitments').query({ q: 'climate' });
    expect(parse(small.text.slice(1), { columns: true })).toHaveLength(list.body.data.length);
  }

  it('the connection dropped mid-export: the response aborts, the error is logged once, the app serves on', async () => {
    const result = await exportWhile(() => t.proxy.cut());
    t.proxy.restore();
    expect(result.status).toBe(200);
    // Aborted, so no client takes the truncated file for the whole one.
    expect(result.complete).toBe(false);
    expect(result.lines).toBeLessThan(ROWS);
    expect(exportLogs()).toHaveLength(1);
    await expectServing();
  });

  const onRealServer = serverUrl() ? it : it.skip;
  describe('on PostgreSQL: its backend terminated mid-statement (pg_terminate_backend)', () => {
    let admin: pg.Client;
    beforeAll(async () => {
      if (!serverUrl()) return;
      admin = new pg.Client({ connectionString: t.database.url });
      await admin.connect();
    });
    afterAll(() => admin?.end());

    /**
     * Locks the table, so that the app's next statement reading it waits, then terminates the
     * backend that waits: it is surely mid-statement.
     */
    async function terminateWhileReading(table: string): Promise<void> {
      await admin.query('BEGIN');
      await admin.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      let terminated = 0;
      while (terminated === 0) {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        terminated = rowCount ?? 0;
      }
      await admin.query('ROLLBACK');
    }

    onRealServer('mid-export: the response aborts, the error is logged once', async () => {
      const result = await exportWhile(() => terminateWhileReading('commitment'));
      expect(result.status).toBe(200);
      expect(result.complete).toBe(false);
      expect(result.lines).toBeLessThan(ROWS);
      expect(exportLogs()).toHaveLength(1);
      await expectServing();
    });

    onRealServer(
      'before the first byte: a 503 problem, without the headers of the export',
      async () => {
        // Only the batches read commitment_theme: the export's fingerprint, read first, passes.
        const [response] = await Promise.all([
          request(t.http).get('/api/v1/commitments.csv'),
          terminateWhileReading('commitment_theme'),
        ]);
        expectProblem(response, 503);
        expect(response.headers['retry-after']).toMatch(/^\d+$/);
        for (const header of ['etag', 'cache-control', 'content-disposition']) {
          expect(response.headers[header]).toBeUndefined();
        }
        expect(exportLogs()).toHaveLength(1);
        await expectServing();
      },
    );
  });
});
