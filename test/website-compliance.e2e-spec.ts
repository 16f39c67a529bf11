import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addAssessment } from './support/assessments.js';
import { SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PLEDGE = 'mature-partnership-30th-anniversary';
const OTHER = 'climate-change-cooperation';

/** The text of an HTML fragment without tags and with collapsed spaces. */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('website: the compliance matrix, assessments and the methodology page (no JavaScript)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await addAssessment(t, PLEDGE, 'KR', {
      score: -1,
      rationale: 'Under an older method: nothing planned.',
      methodologyVersion: '0',
      createdAt: new Date('2022-06-01T00:00:00Z'),
    });
    await addAssessment(t, PLEDGE, 'KR', {
      score: 1,
      rationale: 'Anniversary programme held in Seoul.',
      kind: 'FINAL',
    });
    await addAssessment(t, OTHER, 'CN', { score: 0, rationale: 'One joint study begun.' });
  });
  afterAll(() => t.close());

  describe('event page', () => {
    it('shows the matrix: parties as columns, commitments as rows, scores as text and colour linked to their rationale', async () => {
      const response = await request(t.http).get(`/events/${SEEDED_EVENT}`).expect(200);
      const table = response.text.slice(
        response.text.indexOf('<table class="matrix">'),
        response.text.indexOf('</table>'),
      );
      expect(textOf(table.slice(0, table.indexOf('</thead>')))).toBe('Commitment CN KR Mean');
      const pledgeRow = table.slice(table.indexOf(`href="/commitments/${PLEDGE}"`));
      expect(pledgeRow).toMatch(
        new RegExp(
          `<a href="/commitments/${PLEDGE}#assessment-KR"><span class="score score--plus">\\+1<span class="score__label"> Full or nearly full compliance`,
        ),
      );
      expect(table).toContain(
        `href="/commitments/${OTHER}#assessment-CN"><span class="score score--zero">0`,
      );
      expect(table).toContain('Not assessed');
      expect(textOf(table.slice(table.indexOf('<tfoot>')))).toMatch(
        /^Compliance 50 % 1 of \d+ assessed 100 % 1 of \d+ assessed/,
      );
      expect(response.text).toContain(`href="/api/v1/compliance?event=${SEEDED_EVENT}"`);
      expect(response.text).toContain('(mean + 1) / 2 × 100');
    });
  });

  describe('commitment page', () => {
    it("shows each party's current assessment under an anchor, and the history newest first", async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      const sectionOf = (code: string) => {
        const start = response.text.indexOf(`id="assessment-${code}"`);
        return response.text.slice(start, response.text.indexOf('</div>', start));
      };
      const current = sectionOf('KR');
      expect(current).toContain('Anniversary programme held in Seoul.');
      expect(current).toContain('score--plus');
      expect(current).toContain('Final');
      expect(current).not.toContain('methodology version');
      expect(sectionOf('CN')).toContain('Not assessed yet.');
      const history = response.text.slice(response.text.indexOf('Assessment history'));
      expect(history.indexOf('Anniversary programme')).toBeLessThan(
        history.indexOf('Under an older method'),
      );
    });

    it('says when a score was made under an older methodology version', async () => {
      const response = await request(t.http).get(`/commitments/${PLEDGE}`).expect(200);
      expect(textOf(response.text)).toContain(
        'Under an older method: nothing planned. Made under methodology version 0 ; the current version is 1.',
      );
      expect(response.text).toContain('href="/methodology#version-0"');
    });
  });

  describe('methodology page', () => {
    it('explains the scale, the arithmetic and the versions', async () => {
      const response = await request(t.http).get('/methodology').expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const text = textOf(response.text);
      expect(text).toContain('+1 Full or nearly full compliance');
      expect(text).toContain('0 Partial compliance or work in progress');
      expect(text).toContain('−1 No compliance');
      expect(text).toContain('percentage = (mean + 1) / 2 × 100');
      expect(text).toContain('This is methodology version 1.');
      expect(response.text).toContain('id="version-1"');
      expect(response.text).toContain('G7 and G20 Research Groups');
    });
  });
});
