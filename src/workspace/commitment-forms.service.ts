import { Injectable } from '@nestjs/common';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { ProblemException } from '../common/problem-details.js';
import { EvidenceService } from '../evidence/evidence.service.js';
import { OnceOnly } from '../idempotency/once-only.js';
import { idempotencyRequestHash } from '../idempotency/request-hash.js';
import { CreateReviewDto, CreateStatusUpdateDto } from '../status-updates/dto/status-update.dto.js';
import { StatusUpdatesService } from '../status-updates/status-updates.service.js';
import {
  formErrorsOf,
  listField,
  textField,
  validateAs,
  type FormBody,
  type FormErrors,
} from './form-fields.js';

/** What became of a submitted form: recorded (or recorded already), or shown again. */
export type FormOutcome =
  { recorded: true } | { recorded: false; status: number; errors: FormErrors; conflict: boolean };

/** The fields of the new-article part of the status update form, as the evidence API names them. */
const ARTICLE_FIELDS: Record<string, string> = { url: 'articleUrl', title: 'articleTitle' };

const CSRF_FIELD = '_csrf';

function refused(errors: FormErrors, status = 400): FormOutcome {
  return { recorded: false, status, errors, conflict: false };
}

const optionalNumber = (text: string): number | string | undefined =>
  text === '' ? undefined : /^-?\d+$/.test(text) ? Number(text) : text;

/**
 * The workspace's timeline forms, through the same services and rules as the API. Each form
 * carries the version it was opened at (a change since is a conflict: the form is shown again
 * with what was typed) and a one-time token: submitting it twice records once (OnceOnly, the
 * rules of the API's Idempotency-Key, owned by the person).
 */
@Injectable()
export class CommitmentFormsService {
  constructor(
    private readonly timeline: StatusUpdatesService,
    private readonly evidence: EvidenceService,
    private readonly onceOnly: OnceOnly,
  ) {}

  async recordStatusUpdate(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const { value, errors } = await validateAs(CreateStatusUpdateDto, {
      status: textField(body, 'status') || undefined,
      note: textField(body, 'note'),
      progress: optionalNumber(textField(body, 'progress')),
      effectiveOn: textField(body, 'effectiveOn') || undefined,
      evidenceIds: listField(body, 'evidenceIds'),
    });
    if (Object.keys(errors).length) return refused(errors);
    const articleUrl = textField(body, 'articleUrl');
    let article: string | undefined;
    try {
      // Before the keyed write: an article already known (or added by a first submit) is reused.
      if (articleUrl) {
        article = await this.evidence.reuseOrCreate(
          staff,
          articleUrl,
          textField(body, 'articleTitle'),
        );
      }
    } catch (error) {
      const articleErrors = formErrorsOf(error);
      if (!articleErrors) throw error;
      return refused(
        Object.fromEntries(
          Object.entries(articleErrors).map(([field, messages]) => [
            ARTICLE_FIELDS[field] ?? field,
            messages,
          ]),
        ),
      );
    }
    const evidenceIds = [...new Set([...(value.evidenceIds ?? []), ...(article ? [article] : [])])];
    return this.once(staff, url, body, (version) =>
      this.timeline.addUpdate(staff, slug, version, { ...value, evidenceIds }),
    );
  }

  async recordReview(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const { value, errors } = await validateAs(CreateReviewDto, { note: textField(body, 'note') });
    if (Object.keys(errors).length) return refused(errors);
    return this.once(staff, url, body, (version) =>
      this.timeline.addReview(staff, slug, version, value),
    );
  }

  private async once(
    staff: SessionStaff,
    url: string,
    body: FormBody,
    write: (version: number) => Promise<unknown>,
  ): Promise<FormOutcome> {
    const version = Number(textField(body, 'version'));
    const formToken = textField(body, 'formToken');
    if (!Number.isInteger(version) || !formToken) {
      return refused({ form: ['The form is incomplete; reload the page and try again.'] });
    }
    const fields = Object.fromEntries(Object.entries(body).filter(([name]) => name !== CSRF_FIELD));
    try {
      await this.onceOnly.run(
        {
          owner: { staffUserId: staff.staffUserId },
          key: formToken,
          requestHash: idempotencyRequestHash('POST', url, fields),
          status: 201,
          secretFields: [],
          recorded: false,
        },
        () => write(version),
      );
      return { recorded: true };
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 412) {
        return { recorded: false, status: 409, errors: {}, conflict: true };
      }
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return refused(errors);
    }
  }
}
