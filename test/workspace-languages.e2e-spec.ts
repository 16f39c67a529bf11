import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CATALOGUES } from '../src/i18n/i18n.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { account, invite, postForm, signIn } from './support/workspace.js';

const ko = CATALOGUES.ko;

describe('staff workspace in the signed-in person’s language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Posts the account page's language form; its answer, of the status expected. */
  async function chooseLanguage(
    agent: ReturnType<typeof request.agent>,
    language: string,
    status: number,
  ) {
    const answer = await postForm(agent, '/staff/account', '/staff/account/language', { language });
    expect(answer.status).toBe(status);
    return answer;
  }

  it('shows the sign-in page in the language the browser prefers, English by default', async () => {
    const korean = await request(t.http)
      .get('/staff/sign-in')
      .set('Accept-Language', 'ko-KR,ko;q=0.9')
      .expect(200);
    expect(korean.text).toContain('<html lang="ko">');
    expect(korean.text).toContain(`<label for="password">${ko.staffSignIn.password}</label>`);
    const { token } = await invite(t, 'seoyeon@example.org');
    const invitation = await request(t.http)
      .get(`/staff/invitation?token=${token}`)
      .set('Accept-Language', 'ko')
      .expect(200);
    expect(invitation.text).toContain(`<h1>${ko.staffInvitation.title}</h1>`);
    expect(invitation.text).toContain('<strong>seoyeon@example.org</strong>');
    const english = await request(t.http).get('/staff/sign-in').expect(200);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('<title>Sign in · Staff workspace · Commitment Tracker</title>');
  });

  it('switches the workspace to the language chosen on the account page, audited', async () => {
    const user = await account(t, 'minji@example.org');
    const { agent } = await signIn(t, 'minji@example.org');
    const english = await agent.get('/staff').expect(200);
    expect(english.text).toContain('<h1>Review queue</h1>');

    const chosen = await chooseLanguage(agent, 'ko', 303);
    expect(chosen.headers.location).toBe('/staff/account');
    const audit = await t.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: user.id, action: 'staff-user.language' },
    });
    expect(audit.after).toMatchObject({ language: 'ko' });

    const queue = await agent.get('/staff').expect(200);
    expect(queue.text).toContain('<html lang="ko">');
    expect(queue.text).toContain(`<h1>${ko.staff.queue}</h1>`);
    expect(queue.text).toContain(`<a href="/staff/account">${ko.staff.account}</a>`);
    // Dates per locale: the recently changed commitments' dates in Korean.
    expect(queue.text).toMatch(/\d{4}년 \d{1,2}월 \d{1,2}일 변경/);
    const page = await agent.get('/staff/account').expect(200);
    expect(page.text).toContain(`<h1>${ko.staffAccount.title}</h1>`);
    expect(page.text).toContain('<option value="ko" lang="ko" selected>한국어</option>');
    expect(page.text).toContain(`<h2 id="mail">${ko.staffMail.heading}</h2>`);
    const commitment = await agent
      .get('/staff/commitments/raw-material-supply-chain-security')
      .expect(200);
    expect(commitment.text).toContain(
      `<h2 id="update-heading">${ko.staffCommitment.updateHeading}</h2>`,
    );
    expect(commitment.text).toContain(`>${ko.stance.SUPPORTS}</option>`);
    expect(commitment.text).toContain('2021년 12월 23일');
    const evidence = await agent.get('/staff/evidence').expect(200);
    expect(evidence.text).toContain(`<h1>${ko.staffEvidence.title}</h1>`);
    expect(evidence.text).toMatch(/— 약속 \d+건에 연결됨<\/li>/);
    const parties = await agent.get('/staff/reference/parties').expect(200);
    expect(parties.text).toContain(`<label for="ref-nameKo">${ko.staffReference.nameKo}</label>`);
    const created = await postForm(agent, '/staff/commitments/new', '/staff/commitments', {
      title: '',
      madeOn: '2021-12-23',
      event: 'kr-cn-strategic-dialogue-2021-12-23',
    });
    expect(created.status).toBe(400);
    expect(created.text).toContain(`<label for="new-title">${ko.staffCommitment.title}</label>`);
  });

  it('shows an admin page in Chinese; refuses a language it does not support, as does the database', async () => {
    await account(t, 'wei@example.org', 'admin');
    const { agent } = await signIn(t, 'wei@example.org');
    await chooseLanguage(agent, 'zh', 303);
    const refused = await chooseLanguage(agent, 'fr', 400);
    expect(refused.text).toContain('<html lang="zh">');
    expect(refused.text).toContain('Choose one of en, ko, zh.');
    const jobs = await agent.get('/staff/admin/jobs').expect(200);
    expect(jobs.text).toContain(`<h2>${CATALOGUES.zh.staffAdmin.runHeading}</h2>`);
    const webhooks = await agent.get('/staff/admin/webhooks').expect(200);
    expect(webhooks.text).toContain(`<legend>${CATALOGUES.zh.staffWebhooks.eventTypes}</legend>`);
    const users = await agent.get('/staff/admin/users').expect(200);
    expect(users.text).toContain(`<h1>${CATALOGUES.zh.staffPeople.title}</h1>`);
    const missing = await agent.get('/staff/commitments/no-such-pledge').expect(404);
    expect(missing.text).toContain(`<h1>${CATALOGUES.zh.staff['404']}</h1>`);
    await expect(
      t.prisma.staffUser.updateMany({
        where: { email: 'wei@example.org' },
        data: { language: 'fr' },
      }),
    ).rejects.toThrow(/staff_user_language_supported/);
  });
});
