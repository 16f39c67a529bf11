import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { CATALOGUES } from '../src/i18n/i18n.js';
import { ReminderMailer } from '../src/reminders/reminder-mailer.js';
import { FOLLOW_ANSWER } from '../src/subscriptions/subscriptions.service.js';
import { addAssessment } from './support/assessments.js';
import { runJob, setNow } from './support/jobs.js';
import { SmtpReceiver } from './support/smtp-receiver.js';
import { bearer } from './support/staff.js';
import { SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { addTimeline } from './support/timeline.js';
import { account, postForm, signIn } from './support/workspace.js';

const BASE = 'https://tracker.example.org';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const COMMITMENT = 'climate-change-cooperation';
const READER = 'reader@example.org';

/** Tomorrow (UTC) at the hour and minute: after every row the test made at the real time. */
function tomorrowAt(hours: number, minutes: number): Date {
  const day = new Date(Date.now() + 24 * HOUR);
  return new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes),
  );
}
const T0 = tomorrowAt(20, 0);
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

/** The link of a mail's text that starts with `prefix`, as a path and query on the app. */
function linkIn(text: string, prefix: string): string {
  const match = new RegExp(`${BASE}${prefix}[^\\s]+`).exec(text);
  if (!match) throw new Error(`no ${prefix} link in: ${text}`);
  return match[0].slice(BASE.length);
}

/** A header as sent (mailparser reads List-* headers into its own shapes). */
function rawHeader(mail: ParsedMail, name: string): string | null {
  const line = mail.headerLines.find((header) => header.key === name)?.line;
  return line
    ? line
        .slice(line.indexOf(':') + 1)
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}

describe('mail: staff reminders and public follows over a real SMTP server', () => {
  let first: TestApp;
  let second: TestApp;
  let smtp: SmtpReceiver;
  let admin: string;

  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
    const env = {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Tracker <tracker@example.org>',
      MAIL_TOKEN_SECRET: 'a-test-secret-of-at-least-32-characters',
      PUBLIC_BASE_URL: BASE,
      NOTIFICATION_MAX_ATTEMPTS: '2',
      NOTIFICATION_BACKOFF_BASE_MS: String(MINUTE),
      FOLLOW_LIMIT_PER_ADDRESS: '3',
    };
    first = await createTestApp({ env });
    second = await createTestApp({ env, databaseUrl: first.database.url });
    admin = await bearer(first, 'admin');
    await account(first, 'ada@example.org');
    const ben = await account(first, 'ben@example.org');
    await first.prisma.staffUser.update({
      where: { id: ben.id },
      data: { mailPreference: 'DAILY_DIGEST', digestHour: 8, timeZone: 'Asia/Seoul' },
    });
    await account(first, 'cy@example.org');
    smtp.refused.add('cy@example.org');
    await account(first, 'root@example.org', 'admin');
    await first.prisma.staffUser.updateMany({
      where: { email: 'root@example.org' },
      data: { mailPreference: 'NONE' },
    });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await smtp.close();
  });

  const sendMail = async (t: TestApp, instant: Date) => {
    setNow(t, instant.toISOString());
    return (await runJob(t, 'send-mail', admin)).counts;
  };

  describe('staff reminders', () => {
    it('mails a user who chose "immediately" the reminders opened, with links and nothing secret', async () => {
      setNow(first, T0.toISOString());
      await runJob(first, 'deadline-check', admin);
      // 22:30 UTC is 07:30 in Seoul: before Ben's digest hour.
      const counts = await sendMail(first, tomorrowAt(22, 30));
      expect(counts).toMatchObject({
        reminderMails: 2,
        digests: 0,
        mailsSent: 1,
        mailsRetrying: 1,
      });

      const [mail] = smtp.to('ada@example.org');
      expect(smtp.to('ada@example.org')).toHaveLength(1);
      expect(mail.subject).toMatch(/^\d+ reminders? opened$/);
      expect(mail.from?.value[0]).toEqual({ address: 'tracker@example.org', name: 'Tracker' });
      expect(mail.text).toContain(`${BASE}/staff/commitments/`);
      expect(mail.text).toContain('Deadline passed: ');
      expect(mail.html).toContain(`href="${BASE}/staff/commitments/`);
      expect(`${mail.text}${mail.html}`).not.toMatch(/token|ct_/);
      expect(rawHeader(mail, 'list-unsubscribe')).toBeNull();
      expect(smtp.to('ben@example.org')).toHaveLength(0);
      expect(smtp.to('root@example.org')).toHaveLength(0);
    });

    it('queues one digest a day at the user’s hour in their zone, across two instances', async () => {
      const digestTime = tomorrowAt(23, 30); // 08:30 in Seoul
      const results = await Promise.all(
        [first, second].map((t) => t.app.get(ReminderMailer).queueDue(digestTime)),
      );
      expect(results.map((r) => r.digests).sort()).toEqual([0, 1]);
      await sendMail(second, digestTime);
      await sendMail(first, new Date(digestTime.getTime() + HOUR));

      const digests = smtp.to('ben@example.org');
      expect(digests).toHaveLength(1);
      const seoulDate = new Date(digestTime.getTime() + 9 * HOUR).toISOString().slice(0, 10);
      expect(digests[0].subject).toMatch(
        new RegExp(`^Daily digest ${seoulDate}: \\d+ reminders?$`),
      );
      expect(digests[0].text).toContain(`${BASE}/staff/commitments/`);
    });

    it('retries a refused mail with backoff, then marks it failed where admins see it', async () => {
      const failed = await first.prisma.mail.findFirstOrThrow({
        where: { recipient: 'cy@example.org' },
        include: { attempts: true },
      });
      expect(failed).toMatchObject({ state: 'FAILED', attemptCount: 2 });
      expect(failed.attempts).toHaveLength(2);
      expect(failed.attempts.every((attempt) => !attempt.succeeded)).toBe(true);
      expect(failed.lastError).toMatch(/550/);

      const { agent } = await signIn(first, 'root@example.org');
      const page = await agent.get('/staff/admin/notifications').expect(200);
      expect(page.text).toContain('cy@example.org');
      expect(page.text).toMatch(/550/);
    });
  });

  it('lets each user choose in the workspace, audited, and refuses an unknown zone or hour', async () => {
    const { agent } = await signIn(first, 'ada@example.org');
    const refused = await postForm(agent, '/staff/account', '/staff/account/mail', {
      preference: 'DAILY_DIGEST',
      digestHour: '24',
      timeZone: 'Mars/Olympus',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Choose an hour from 0 to 23.');
    expect(refused.text).toContain('Choose a time zone such as Europe/Berlin.');
    const saved = await postForm(agent, '/staff/account', '/staff/account/mail', {
      preference: 'NONE',
      digestHour: '9',
      timeZone: 'Europe/Berlin',
    });
    expect(saved.status).toBe(303);
    const ada = await first.prisma.staffUser.findFirstOrThrow({
      where: { email: 'ada@example.org' },
    });
    expect(ada).toMatchObject({ mailPreference: 'NONE', digestHour: 9, timeZone: 'Europe/Berlin' });
    expect(
      await first.prisma.auditEntry.count({
        where: { action: 'staff-user.mail-preferences', entityId: ada.id },
      }),
    ).toBe(1);
    // Back from no email, mail starts from now rather than with all that opened meanwhile.
    await postForm(agent, '/staff/account', '/staff/account/mail', {
      preference: 'IMMEDIATE',
      digestHour: '9',
      timeZone: 'Europe/Berlin',
    });
    const resumed = await first.prisma.staffUser.findUniqueOrThrow({ where: { id: ada.id } });
    expect(resumed.remindersMailedUntil.getTime()).toBeGreaterThan(
      ada.remindersMailedUntil.getTime(),
    );
  });

  describe('public follow', () => {
    const follow = (body: object, t: TestApp = first) =>
      request(t.http).post('/api/v1/subscriptions').send(body);

    it('sends only a confirmation until the link is followed, then one mail per batch', async () => {
      setNow(first, T0.toISOString());
      const answer = await follow({ email: 'Reader@Example.org', commitment: COMMITMENT });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ message: FOLLOW_ANSWER });
      await sendMail(first, T0);
      const [confirmation] = smtp.to(READER);
      expect(confirmation.subject).toContain('Confirm: follow');
      expect(rawHeader(confirmation, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const confirmPath = linkIn(confirmation.text!, '/follow/confirm');

      // A change before confirmation is never mailed.
      await addTimeline(
        first,
        COMMITMENT,
        {
          fromStatus: 'NOT_STARTED',
          toStatus: 'IN_PROGRESS',
          note: 'Before the reader confirmed.',
          recordedAt: at(10 * MINUTE),
        },
        'Checked.',
      );
      await sendMail(first, at(2 * HOUR));
      expect(smtp.to(READER)).toHaveLength(1);

      // A GET (a mail scanner) changes nothing; the button's POST confirms.
      const offer = await request(first.http).get(confirmPath).expect(200);
      expect(offer.headers['cache-control']).toBe('no-store');
      expect(offer.text).toContain('Confirm the follow');
      expect(await first.prisma.subscription.count({ where: { confirmedAt: null } })).toBe(1);
      const confirmed = await request(first.http).post(confirmPath).expect(200);
      expect(confirmed.text).toContain('Follow confirmed');

      // Following again answers the same and sends nothing.
      const again = await follow({ email: READER, commitment: COMMITMENT });
      expect([again.status, again.body]).toEqual([202, { message: FOLLOW_ANSWER }]);

      // A burst of changes: one mail, once the interval since the last has passed.
      for (const [minutes, note] of [
        [5, 'Working group met.'],
        [6, 'Joint statement issued.'],
      ] as const) {
        await addTimeline(
          first,
          COMMITMENT,
          {
            fromStatus: 'IN_PROGRESS',
            toStatus: 'IN_PROGRESS',
            note,
            recordedAt: at(2 * HOUR + minutes * MINUTE),
          },
          'Checked.',
        );
      }
      // Its target date passes at midnight (UTC) after T0.
      const targetDay = T0.toISOString().slice(0, 10);
      await first.prisma.commitment.update({
        where: { slug: COMMITMENT },
        data: { targetDate: new Date(targetDay), status: 'IN_PROGRESS' },
      });
      await addAssessment(first, COMMITMENT, 'KR', {
        score: 1,
        rationale: 'Ministry report.',
        createdAt: at(2 * HOUR + 7 * MINUTE),
      });
      await sendMail(first, at(2 * HOUR + 30 * MINUTE));
      expect(smtp.to(READER)).toHaveLength(1);
      await sendMail(first, at(5 * HOUR));
      const mails = smtp.to(READER);
      expect(mails).toHaveLength(2);
      const update = mails[1];
      expect(update.subject).toMatch(/: 4 changes$/);
      expect(update.text).toContain(`its target date ${targetDay} has passed`);
      expect(update.text).toContain('Working group met.');
      expect(update.text).toContain('Joint statement issued.');
      expect(update.text).toContain('South Korea assessed +1');
      expect(update.text).not.toContain('Before the reader confirmed.');
      expect(update.html).toContain(`href="${BASE}/commitments/${COMMITMENT}"`);
      expect(update.text).toMatch(/https?:\/\/\S+/); // the evidence link
      expect(rawHeader(update, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    });

    it('unsubscribes with RFC 8058’s one-click POST and deletes the address', async () => {
      const update = smtp.to(READER)[1];
      const url = /^<(.+)>$/.exec(rawHeader(update, 'list-unsubscribe')!)![1];
      expect(url).toMatch(new RegExp(`^${BASE}/follow/unsubscribe\\?token=`));
      await request(first.http)
        .post(url.slice(BASE.length))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(await first.prisma.subscription.count({ where: { email: READER } })).toBe(0);
      expect(await first.prisma.mail.count({ where: { recipient: READER } })).toBe(0);
    });

    it('follows a theme from its page’s form and unsubscribes by the link (multipart too)', async () => {
      setNow(first, T0.toISOString());
      const page = await request(first.http).get('/themes/culture-exchange').expect(200);
      expect(page.text).toContain('action="/follow"');
      const answer = await request(first.http)
        .post('/follow')
        .type('form')
        .send({ email: 'fan@example.org', theme: 'culture-exchange' })
        .expect(200);
      expect(answer.text).toContain('confirmation link is on its way');
      await sendMail(first, T0);
      const [confirmation] = smtp.to('fan@example.org');
      await request(first.http).post(linkIn(confirmation.text!, '/follow/confirm')).expect(200);

      const unsubscribe = linkIn(confirmation.text!, '/follow/unsubscribe');
      const offer = await request(first.http).get(unsubscribe).expect(200);
      expect(offer.text).toContain('Unsubscribe');
      expect(await first.prisma.subscription.count({ where: { email: 'fan@example.org' } })).toBe(
        1,
      );
      const done = await request(first.http)
        .post(unsubscribe)
        .field('List-Unsubscribe', 'One-Click')
        .expect(200);
      expect(done.text).toContain('You no longer follow it');
      expect(await first.prisma.subscription.count({ where: { email: 'fan@example.org' } })).toBe(
        0,
      );
      await request(first.http).post(unsubscribe).expect(404);
      await request(first.http).get(unsubscribe.replace(/.$/, 'x')).expect(404);
    });

    it('mails a follow made on a Korean page in Korean, linking to the Korean pages', async () => {
      const ko = CATALOGUES.ko.followMail;
      const start = at(6 * HOUR);
      setNow(first, start.toISOString());
      await request(first.http)
        .post('/ko/follow')
        .type('form')
        .send({ email: 'dokja@example.org', commitment: COMMITMENT })
        .expect(200);
      await sendMail(first, start);
      const [confirmation] = smtp.to('dokja@example.org');
      expect(confirmation.subject).toMatch(/^확인: ".+" 팔로우$/);
      expect(confirmation.text).toContain(ko.confirm);
      expect(confirmation.text).toContain(ko.deleteAddress);
      expect(confirmation.html).toContain('<html lang="ko">');
      expect(confirmation.text).toContain(`${BASE}/ko/commitments/${COMMITMENT}`);
      expect(confirmation.text).not.toMatch(new RegExp(`${BASE}/(follow|commitments)/`));
      const confirmed = await request(first.http)
        .post(linkIn(confirmation.text!, '/ko/follow/confirm'))
        .expect(200);
      expect(confirmed.text).toContain(`<h1>${CATALOGUES.ko.follow.confirmed}</h1>`);

      await addTimeline(
        first,
        COMMITMENT,
        {
          fromStatus: 'IN_PROGRESS',
          toStatus: 'STALLED',
          note: 'Talks paused.',
          recordedAt: at(6 * HOUR + 5 * MINUTE),
        },
        'Checked.',
      );
      await sendMail(first, at(9 * HOUR));
      const update = smtp.to('dokja@example.org')[1];
      expect(update.subject).toMatch(/: 변경 \d+건$/);
      const { status } = CATALOGUES.ko;
      expect(update.text).toContain(`${status.IN_PROGRESS} → ${status.STALLED}`);
      expect(update.text).toContain(ko.footer);
      expect(update.html).toContain(`href="${BASE}/ko/commitments/${COMMITMENT}"`);
      expect(rawHeader(update, 'list-unsubscribe')).toMatch(
        new RegExp(`^<${BASE}/ko/follow/unsubscribe\\?token=`),
      );
    });

    it('stores the language a follow through the API asks for: ?lang=, else Accept-Language', async () => {
      setNow(first, T0.toISOString());
      const languageOf = async (email: string) =>
        (await first.prisma.subscription.findFirstOrThrow({ where: { email } })).language;
      await request(first.http)
        .post('/api/v1/subscriptions?lang=zh')
        .set('Accept-Language', 'ko')
        .send({ email: 'zh@example.org', commitment: COMMITMENT })
        .expect(202);
      expect(await languageOf('zh@example.org')).toBe('zh');
      await request(first.http)
        .post('/api/v1/subscriptions')
        .set('Accept-Language', 'ko-KR,ko;q=0.9')
        .send({ email: 'ko@example.org', commitment: COMMITMENT })
        .expect(202);
      expect(await languageOf('ko@example.org')).toBe('ko');
      await follow({ email: 'en@example.org', commitment: COMMITMENT }).expect(202);
      expect(await languageOf('en@example.org')).toBe('en');
      await expect(
        first.prisma.subscription.updateMany({
          where: { email: 'en@example.org' },
          data: { language: 'fr' },
        }),
      ).rejects.toThrow(/subscription_language_supported/);
    });

    it('answers every request for an address alike, and mails it at most the limit', async () => {
      const body = { email: 'flood@example.org', event: SEEDED_EVENT };
      for (let i = 0; i < 4; i++) {
        const answer = await follow(body);
        expect([answer.status, answer.body]).toEqual([202, { message: FOLLOW_ANSWER }]);
      }
      await sendMail(first, T0);
      expect(smtp.to('flood@example.org')).toHaveLength(3);
    });

    it('refuses a request naming no single target, a bad address, or nothing public', async () => {
      await follow({ email: READER, commitment: COMMITMENT, theme: 'culture-exchange' }).expect(
        400,
      );
      await follow({ email: READER }).expect(400);
      await follow({ email: 'not-an-address', commitment: COMMITMENT }).expect(400);
      await follow({ email: READER, commitment: 'no-such-commitment' }).expect(404);
      // Multipart is taken for the one-click unsubscribe alone.
      await request(first.http).post('/api/v1/subscriptions').field('email', READER).expect(415);
    });
  });

  it('mails a custom reminder when it falls due, not when it is set', async () => {
    const commitment = await first.prisma.commitment.findUniqueOrThrow({
      where: { slug: COMMITMENT },
    });
    await first.prisma.reminder.create({
      data: {
        commitmentId: commitment.id,
        kind: 'CUSTOM',
        note: 'Call the ministry about the working group.',
        createdAt: at(HOUR),
        dueAt: at(3 * DAY),
      },
    });
    const before = smtp.to('ada@example.org').length;
    await sendMail(first, at(2 * DAY));
    expect(smtp.to('ada@example.org')).toHaveLength(before);
    await sendMail(first, at(3 * DAY + MINUTE));
    const mails = smtp.to('ada@example.org');
    expect(mails).toHaveLength(before + 1);
    expect(mails[before].subject).toBe('1 reminder opened');
    expect(mails[before].text).toContain('Call the ministry about the working group.');
  });

  describe('Atom feeds per commitment, theme and event', () => {
    it('serves each one’s status updates, linked from its page', async () => {
      const feed = await request(first.http)
        .get(`/api/v1/commitments/${COMMITMENT}/feed.atom`)
        .expect(200);
      expect(feed.headers['content-type']).toContain('application/atom+xml');
      expect(feed.text).toContain('Working group met.');
      expect(feed.text).toContain(
        `<link rel="self" href="${BASE}/api/v1/commitments/${COMMITMENT}/feed.atom"/>`,
      );
      const other = await request(first.http)
        .get('/api/v1/themes/culture-exchange/feed.atom')
        .expect(200);
      expect(other.text).not.toContain('Working group met.');
      const event = await request(first.http)
        .get(`/api/v1/events/${SEEDED_EVENT}/feed.atom`)
        .expect(200);
      expect(event.text).toContain('Working group met.');
      await request(first.http).get('/api/v1/themes/no-such-theme/feed.atom').expect(404);

      const page = await request(first.http).get(`/commitments/${COMMITMENT}`).expect(200);
      expect(page.text).toContain(
        `<link rel="alternate" type="application/atom+xml" href="/api/v1/commitments/${COMMITMENT}/feed.atom"`,
      );
    });
  });
});
