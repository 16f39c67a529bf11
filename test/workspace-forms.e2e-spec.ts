import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, hiddenField, postForm, signIn } from './support/workspace.js';

const SLUG = 'climate-change-cooperation';
const PAGE = `/staff/commitments/${SLUG}`;

type Agent = ReturnType<typeof request.agent>;

/** The event the edit form has selected. */
const hiddenEventSlug = (page: string) =>
  /id="edit-event"[^>]*>[\s\S]*?<option value="([^"]+)" selected>/.exec(page)?.[1];

/** The hidden fields of one of the page's forms (the status update's by default). */
async function openForm(agent: Agent, action = 'status-updates') {
  const page = await agent.get(PAGE).expect(200);
  const form = page.text.slice(page.text.indexOf(`action="${PAGE}/${action}"`));
  return {
    _csrf: hiddenField(form, '_csrf'),
    version: hiddenField(form, 'version'),
    openedAt: hiddenField(form, 'openedAt'),
    formToken: hiddenField(form, 'formToken'),
  };
}

describe('staff workspace commitment forms', () => {
  let t: TestApp;
  let ada: Agent;
  let grace: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    await account(t, 'ada@example.org');
    await account(t, 'grace@example.org');
    ada = (await signIn(t, 'ada@example.org')).agent;
    grace = (await signIn(t, 'grace@example.org')).agent;
  });
  afterAll(async () => {
    await t.close();
  });

  const updates = () => t.prisma.statusUpdate.count({ where: { commitment: { slug: SLUG } } });

  /** Links an article by URL through the page's form; answers the article. */
  const linkArticle = async (fields: Record<string, string>) => {
    await ada
      .post(`${PAGE}/evidence-links`)
      .type('form')
      .send({ ...(await openForm(ada, 'evidence-links')), ...fields })
      .expect(303);
    return t.prisma.evidence.findUniqueOrThrow({ where: { url: fields.articleUrl } });
  };

  it('shows each error beside its field and keeps what was typed', async () => {
    const hidden = await openForm(ada);
    const response = await ada
      .post(`${PAGE}/status-updates`)
      .type('form')
      .send({ ...hidden, status: 'IN_PROGRESS', note: '', progress: '140', articleUrl: 'nonsense' })
      .expect(400);
    expect(response.text).toContain('id="update-note-error"');
    expect(response.text).toContain('id="update-progress-error"');
    expect(response.text).toContain('value="140"');
    expect(response.text).toMatch(/<option value="IN_PROGRESS" selected>/);
    expect(await updates()).toBe(0);
  });

  it('records a status update citing a new article by URL, and reuses a known one', async () => {
    await t.prisma.commitment.update({ where: { slug: SLUG }, data: { staleSince: new Date() } });
    expect((await ada.get('/staff').expect(200)).text).toContain(`href="${PAGE}"`);
    const url = 'https://news.example.org/climate/joint-fund';
    const recorded = await ada
      .post(`${PAGE}/status-updates`)
      .type('form')
      .send({
        ...(await openForm(ada)),
        status: 'IN_PROGRESS',
        note: 'A joint fund was announced.',
        progress: '30',
        articleUrl: `${url}?utm_source=mail`,
        articleTitle: 'Joint climate fund announced',
      })
      .expect(303);
    expect(recorded.headers.location).toBe(`${PAGE}?done=status-update`);
    const done = await ada.get(recorded.headers.location).expect(200);
    expect(done.text).toContain(`href="/commitments/${SLUG}"`);
    const publicPage = await request(t.http).get(`/commitments/${SLUG}`).expect(200);
    expect(publicPage.text).toContain('A joint fund was announced.');
    expect(publicPage.text).toContain('Joint climate fund announced');
    const queue = await ada.get('/staff').expect(200);
    const staleSection = queue.text.slice(0, queue.text.indexOf('deadlines-heading'));
    expect(staleSection).not.toContain(`href="${PAGE}"`);

    await ada
      .post(`${PAGE}/status-updates`)
      .type('form')
      .send({
        ...(await openForm(ada)),
        status: 'IN_PROGRESS',
        note: 'The fund made its first grants.',
        articleUrl: `${url}#section`,
      })
      .expect(303);
    expect(await t.prisma.evidence.count({ where: { url } })).toBe(1);
    const latest = await t.prisma.statusUpdate.findFirstOrThrow({
      where: { note: 'The fund made its first grants.' },
      include: { evidence: { include: { evidence: true } } },
    });
    expect(latest.evidence.map((cited) => cited.evidence.url)).toEqual([url]);
    expect(latest.actor).toBe('ada');
    const audit = await t.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'commitment.status-update' },
      orderBy: { id: 'desc' },
    });
    expect(audit).toMatchObject({ actor: 'ada', apiKeyId: null });
    expect(audit.staffUserId).not.toBeNull();
  });

  it('records a double submit once', async () => {
    const before = await updates();
    const fields = {
      ...(await openForm(ada)),
      status: 'IN_PROGRESS',
      note: 'Clicked twice.',
    };
    const send = () => ada.post(`${PAGE}/status-updates`).type('form').send(fields);
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect((await send()).status).toBe(303);
    expect(await updates()).toBe(before + 1);
  });

  it("shows a stale form's conflict with the editor's text kept, and takes the resubmit", async () => {
    const stale = await openForm(grace);
    await ada
      .post(`${PAGE}/reviews`)
      .type('form')
      .send({ ...(await openForm(ada)), note: 'Checked the ministry site.' })
      .expect(303);
    const typed = 'Talks stalled after the summit, says the readout.';
    const conflict = await grace
      .post(`${PAGE}/status-updates`)
      .type('form')
      .send({ ...stale, status: 'STALLED', note: typed })
      .expect(409);
    expect(conflict.text).toContain('Someone else changed this commitment');
    expect(conflict.text).toContain('ada: review');
    expect(conflict.text).toContain(typed);
    expect(conflict.text).toMatch(/<option value="STALLED" selected>/);
    const resubmit = {
      _csrf: hiddenField(conflict.text, '_csrf'),
      version: hiddenField(conflict.text, 'version'),
      openedAt: hiddenField(conflict.text, 'openedAt'),
      formToken: hiddenField(conflict.text, 'formToken'),
      status: 'STALLED',
      note: typed,
    };
    expect(Number(resubmit.version)).toBeGreaterThan(Number(stale.version));
    await grace.post(`${PAGE}/status-updates`).type('form').send(resubmit).expect(303);
    const row = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(row.status).toBe('STALLED');
  });

  it('snoozes and closes reminders from the queue', async () => {
    const commitment = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    const reminder = await t.prisma.reminder.create({
      data: { commitmentId: commitment.id, kind: 'CUSTOM', dueAt: new Date(), note: 'Call them' },
    });
    const queue = await ada.get('/staff').expect(200);
    expect(queue.text).toContain('Call them');
    const csrf = hiddenField(queue.text, '_csrf');
    await ada
      .post(`/staff/reminders/${reminder.id}/snooze`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const snoozed = await t.prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } });
    expect(snoozed.dueAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3_600_000);
    await ada
      .post(`/staff/reminders/${reminder.id}/done`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const closed = await t.prisma.reminder.findUniqueOrThrow({ where: { id: reminder.id } });
    expect(closed.state).toBe('DONE');
  });

  it('edits the commitment, with errors beside their fields', async () => {
    const refused = await ada
      .post(`${PAGE}/edit`)
      .type('form')
      .send({ ...(await openForm(ada, 'edit')), title: '', reviewIntervalDays: 'weekly' })
      .expect(400);
    expect(refused.text).toContain('id="edit-title-error"');
    expect(refused.text).toContain('id="edit-reviewIntervalDays-error"');
    expect(refused.text).toContain('value="weekly"');
    await ada
      .post(`${PAGE}/edit`)
      .type('form')
      .send({
        ...(await openForm(ada, 'edit')),
        title: 'Cooperate on climate change',
        summary: '',
        pledging: ['KR', 'CN'],
        themes: 'climate-environment',
        targetDate: '2030-12-31',
        reviewIntervalDays: '60',
      })
      .expect(303);
    const row = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(row).toMatchObject({ title: 'Cooperate on climate change', summary: null });
    expect(row.reviewIntervalDays).toBe(60);
  });

  it("edits the commitment's parties with their roles, and its themes", async () => {
    const form = await ada.get(PAGE).expect(200);
    expect(form.text).toMatch(/id="edit-pledging-CN" name="pledging" value="CN" checked/);
    expect(form.text).toMatch(
      /id="edit-theme-climate-environment" name="themes" value="[^"]+" checked/,
    );
    await ada
      .post(`${PAGE}/edit`)
      .type('form')
      .send({
        ...(await openForm(ada, 'edit')),
        title: 'Cooperate on climate change',
        event: hiddenEventSlug(form.text),
        pledging: 'KR',
        counterparts: 'CN',
        themes: ['bilateral-relations', 'climate-environment'],
      })
      .expect(303);
    const row = await t.prisma.commitment.findUniqueOrThrow({
      where: { slug: SLUG },
      include: { parties: { include: { party: true } }, themes: { include: { theme: true } } },
    });
    const roles = row.parties.map(({ party, role }) => `${party.code}:${role}`).sort();
    expect(roles).toEqual(['CN:COUNTERPART', 'KR:PLEDGING']);
    expect(row.themes.map(({ theme }) => theme.slug).sort()).toEqual([
      'bilateral-relations',
      'climate-environment',
    ]);
    const audit = await t.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'commitment.update' },
      orderBy: { id: 'desc' },
    });
    expect(audit.actor).toBe('ada');
    const shown = await ada.get(PAGE).expect(200);
    expect(shown.text).toMatch(/id="edit-counterparts-CN" name="counterparts" value="CN" checked/);
  });

  it('refuses an invalid party code beside the parties, keeping what was typed', async () => {
    const before = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    const refused = await ada
      .post(`${PAGE}/edit`)
      .type('form')
      .send({
        ...(await openForm(ada, 'edit')),
        title: 'A title typed but not saved',
        pledging: ['KR', 'not a code'],
        themes: 'peninsula-peace',
      })
      .expect(400);
    expect(refused.text).toContain('id="edit-parties-error"');
    expect(refused.text).toContain('value="A title typed but not saved"');
    expect(refused.text).toMatch(
      /id="edit-theme-peninsula-peace" name="themes" value="[^"]+" checked/,
    );
    expect(refused.text).not.toMatch(
      /id="edit-counterparts-CN" name="counterparts" value="CN" checked/,
    );
    const after = await t.prisma.commitment.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(after.version).toBe(before.version);
  });

  it('links an article by URL with a stance, and unlinks it', async () => {
    const evidence = await linkArticle({
      articleUrl: 'https://news.example.org/climate/context-piece',
      articleTitle: 'Context piece',
      stance: 'CONTEXT',
    });
    const link = await t.prisma.commitmentEvidence.findFirstOrThrow({
      where: { evidenceId: evidence.id, commitment: { slug: SLUG } },
    });
    expect(link.stance).toBe('CONTEXT');
    const page = await ada.get(PAGE).expect(200);
    const unlink = page.text.slice(page.text.indexOf(`value="${evidence.id}"`) - 600);
    await ada
      .post(`${PAGE}/evidence-unlinks`)
      .type('form')
      .send({
        _csrf: hiddenField(unlink, '_csrf'),
        version: hiddenField(unlink, 'version'),
        formToken: hiddenField(unlink, 'formToken'),
        evidenceId: evidence.id,
      })
      .expect(303);
    expect(await t.prisma.commitmentEvidence.count({ where: { evidenceId: evidence.id } })).toBe(0);
  });

  it("changes a linked article's stance in place, audited, with a new ETag", async () => {
    const evidence = await linkArticle({
      articleUrl: 'https://news.example.org/climate/stance-piece',
      articleTitle: 'Stance piece',
      stance: 'CONTEXT',
      note: 'Read before the summit.',
    });
    const linked = { evidenceId: evidence.id, commitment: { slug: SLUG } };
    const before = await t.prisma.commitmentEvidence.findFirstOrThrow({ where: linked });
    const stale = await openForm(grace, 'evidence-stances');
    const etag = (await request(t.http).get(`/api/v1/commitments/${SLUG}`).expect(200)).headers
      .etag;

    const changed = await ada
      .post(`${PAGE}/evidence-stances`)
      .type('form')
      .send({
        ...(await openForm(ada, 'evidence-stances')),
        evidenceId: evidence.id,
        stance: 'CONTRADICTS',
      })
      .expect(303);
    expect(changed.headers.location).toBe(`${PAGE}?done=stance`);
    const after = await t.prisma.commitmentEvidence.findFirstOrThrow({ where: linked });
    expect(after).toMatchObject({ stance: 'CONTRADICTS', note: 'Read before the summit.' });
    expect(after.createdAt).toEqual(before.createdAt);
    const audit = await t.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'commitment.evidence-stance' },
    });
    expect(audit).toMatchObject({
      actor: 'ada',
      before: expect.objectContaining({ stance: 'CONTEXT' }),
      after: expect.objectContaining({ stance: 'CONTRADICTS' }),
    });
    const api = await request(t.http).get(`/api/v1/commitments/${SLUG}`).expect(200);
    expect(etag).toMatch(/^"/);
    expect(api.headers.etag).not.toBe(etag);
    const publicPage = await request(t.http).get(`/commitments/${SLUG}`).expect(200);
    const contradicting = publicPage.text.slice(publicPage.text.indexOf('Contradicts progress'));
    expect(contradicting).toContain('Stance piece');

    const conflict = await grace
      .post(`${PAGE}/evidence-stances`)
      .type('form')
      .send({ ...stale, evidenceId: evidence.id, stance: 'SUPPORTS' })
      .expect(409);
    expect(conflict.text).toContain('Someone else changed this commitment');
    expect(conflict.text).toMatch(/<option value="SUPPORTS" selected>Supports progress/);
    const refused = await ada
      .post(`${PAGE}/evidence-stances`)
      .type('form')
      .send({
        ...(await openForm(ada, 'evidence-stances')),
        evidenceId: evidence.id,
        stance: 'MAYBE',
      })
      .expect(400);
    expect(refused.text).toContain(`id="stance-${evidence.id}-stance-error"`);
    await ada
      .post(`${PAGE}/evidence-stances`)
      .type('form')
      .send({
        ...(await openForm(ada, 'evidence-stances')),
        evidenceId: '00000000-0000-4000-8000-000000000000',
        stance: 'SUPPORTS',
      })
      .expect(404);
    expect((await t.prisma.commitmentEvidence.findFirstOrThrow({ where: linked })).stance).toBe(
      'CONTRADICTS',
    );
  });

  it('answers 404 for a form the page does not have', async () => {
    await ada
      .post(`${PAGE}/nonsense`)
      .type('form')
      .send(await openForm(ada))
      .expect(404);
  });
});

describe('staff workspace: creating and archiving commitments', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a commitment once per form, with errors beside fields', async () => {
    await account(t, 'maker@example.org');
    const { agent } = await signIn(t, 'maker@example.org');
    const page = await agent.get('/staff/commitments/new').expect(200);
    const hidden = {
      _csrf: hiddenField(page.text, '_csrf'),
      formToken: hiddenField(page.text, 'formToken'),
    };
    const event = await t.prisma.event.findFirstOrThrow();
    const refused = await agent
      .post('/staff/commitments')
      .type('form')
      .send({ ...hidden, title: 'Open a joint lab', event: event.slug, madeOn: 'soon' })
      .expect(400);
    expect(refused.text).toContain('id="new-madeOn-error"');
    expect(refused.text).toContain('id="new-parties-error"');
    expect(refused.text).toContain('value="Open a joint lab"');
    const fields = {
      ...hidden,
      title: 'Open a joint lab',
      event: event.slug,
      madeOn: '2021-12-23',
      pledging: ['KR', 'CN'],
      themes: 'bilateral-relations',
    };
    const [first, second] = await Promise.all([
      agent.post('/staff/commitments').type('form').send(fields),
      agent.post('/staff/commitments').type('form').send(fields),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.headers.location).toBe('/staff/commitments/open-a-joint-lab?done=create');
    expect(await t.prisma.commitment.count({ where: { title: 'Open a joint lab' } })).toBe(1);
    await request(t.http).get('/commitments/open-a-joint-lab').expect(200);
  });

  it('lets only an admin archive a commitment', async () => {
    await account(t, 'plain@example.org');
    const { agent: editor } = await signIn(t, 'plain@example.org');
    const page = `/staff/commitments/${SLUG}`;
    const refused = await postForm(editor, page, `${page}/archive`, {
      version: '1',
      formToken: 'archive-1',
    });
    expect(refused.status).toBe(403);
    await account(t, 'head@example.org', 'admin');
    const { agent: admin } = await signIn(t, 'head@example.org');
    const opened = await admin.get(page).expect(200);
    const form = opened.text.slice(opened.text.indexOf(`action="${page}/archive"`));
    const archived = await admin
      .post(`${page}/archive`)
      .type('form')
      .send({
        _csrf: hiddenField(form, '_csrf'),
        version: hiddenField(form, 'version'),
        formToken: hiddenField(form, 'formToken'),
      });
    expect(archived.status).toBe(303);
    await request(t.http).get(`/commitments/${SLUG}`).expect(404);
  });
});
