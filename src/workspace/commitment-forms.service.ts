import { Injectable } from '@nestjs/common';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { ProblemException } from '../common/problem-details.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import {
  CommitmentTranslationBodyDto,
  CreateCommitmentDto,
  UpdateCommitmentDto,
} from '../commitments/writes/dto/commitment-write.dto.js';
import { isLanguage } from '../common/languages.js';
import { CommitmentEvidenceService } from '../evidence/commitment-evidence.service.js';
import { ChangeStanceDto, LinkEvidenceDto } from '../evidence/dto/evidence.dto.js';
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
  | { recorded: true; answer: unknown }
  | { recorded: false; status: number; errors: FormErrors; conflict: boolean };

/** The fields of the new-article part of the status update form, as the evidence API names them. */
const ARTICLE_FIELDS: Record<string, string> = { url: 'articleUrl', title: 'articleTitle' };

const CSRF_FIELD = '_csrf';
const INCOMPLETE = { form: ['The form is incomplete; reload the page and try again.'] };

type Refused = Extract<FormOutcome, { recorded: false }>;

function refused(errors: FormErrors, status = 400): Refused {
  return { recorded: false, status, errors, conflict: false };
}

const optionalNumber = (text: string): number | string | undefined =>
  text === '' ? undefined : /^-?\d+$/.test(text) ? Number(text) : text;

/** The parties ticked, by role, and the themes ticked, as the commitment DTOs take them. */
const references = (body: FormBody) => ({
  parties: [
    ...listField(body, 'pledging').map((code) => ({ code, role: 'PLEDGING' })),
    ...listField(body, 'counterparts').map((code) => ({ code, role: 'COUNTERPART' })),
  ],
  themes: listField(body, 'themes'),
});

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
    private readonly links: CommitmentEvidenceService,
    private readonly writer: CommitmentWriter,
    private readonly onceOnly: OnceOnly,
  ) {}

  /** A new commitment; the answer is the commitment, with the slug it got. */
  async create(staff: SessionStaff, url: string, body: FormBody): Promise<FormOutcome> {
    const optional = (name: string) => textField(body, name) || null;
    const { value, errors } = await validateAs(CreateCommitmentDto, {
      title: textField(body, 'title'),
      summary: optional('summary'),
      quote: optional('quote'),
      event: textField(body, 'event'),
      ...references(body),
      madeOn: textField(body, 'madeOn'),
      targetDate: optional('targetDate'),
    });
    if (Object.keys(errors).length) return refused(errors);
    return this.keyed(staff, url, body, () => this.writer.create(staff, value));
  }

  /** Admins only (the controller's rule): archived, it leaves the public site. */
  archive(staff: SessionStaff, slug: string, url: string, body: FormBody): Promise<FormOutcome> {
    return this.once(staff, url, body, (version) => this.writer.archive(staff, slug, version));
  }

  /**
   * Title, summary, quote, event, parties, themes, target date and review interval; an emptied
   * text field is cleared, and the parties and themes ticked replace the commitment's.
   */
  async edit(staff: SessionStaff, slug: string, url: string, body: FormBody): Promise<FormOutcome> {
    const cleared = (name: string) => textField(body, name) || null;
    const { value, errors } = await validateAs(UpdateCommitmentDto, {
      title: textField(body, 'title'),
      summary: cleared('summary'),
      quote: cleared('quote'),
      event: textField(body, 'event') || undefined,
      ...references(body),
      targetDate: cleared('targetDate'),
      reviewIntervalDays: optionalNumber(textField(body, 'reviewIntervalDays')) ?? null,
    });
    if (Object.keys(errors).length) return refused(errors);
    return this.once(staff, url, body, (version) => this.writer.edit(staff, slug, version, value));
  }

  /**
   * The commitment's title, summary and quote in another language, by whoever signed in unless
   * the form names the translator. An empty title removes the translation into that language.
   */
  async translate(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const language = textField(body, 'language');
    if (!isLanguage(language)) return refused({ language: ['Choose a language.'] });
    const title = textField(body, 'title');
    if (!title) {
      return this.once(staff, url, body, (version) =>
        this.writer.translate(staff, slug, version, language, null),
      );
    }
    const { value, errors } = await validateAs(CommitmentTranslationBodyDto, {
      title,
      summary: textField(body, 'summary') || null,
      quote: textField(body, 'quote') || null,
      translator: textField(body, 'translator') || undefined,
      official: textField(body, 'official') === 'on',
    });
    if (Object.keys(errors).length) return refused(errors);
    return this.once(staff, url, body, (version) =>
      this.writer.translate(staff, slug, version, language, value),
    );
  }

  /** Links an article (known, or added by URL and title) with a stance. */
  async linkEvidence(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const article = await this.article(staff, body);
    if ('errors' in article) return article;
    const { value, errors } = await validateAs(LinkEvidenceDto, {
      evidenceId: article.id ?? '',
      stance: textField(body, 'stance'),
      note: textField(body, 'note') || undefined,
    });
    if (!article.id) errors.articleUrl = ["Give the article's URL."];
    if (Object.keys(errors).length) return refused(errors);
    return this.once(staff, url, body, (version) => this.links.link(staff, slug, version, value));
  }

  async changeStance(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const { value, errors } = await validateAs(ChangeStanceDto, {
      evidenceId: textField(body, 'evidenceId'),
      stance: textField(body, 'stance'),
    });
    if (Object.keys(errors).length) return refused(errors);
    return this.once(staff, url, body, (version) =>
      this.links.changeStance(staff, slug, version, value),
    );
  }

  async unlinkEvidence(
    staff: SessionStaff,
    slug: string,
    url: string,
    body: FormBody,
  ): Promise<FormOutcome> {
    const evidenceId = textField(body, 'evidenceId');
    return this.once(staff, url, body, (version) =>
      this.links.unlink(staff, slug, evidenceId, version),
    );
  }

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
    const article = await this.article(staff, body);
    if ('errors' in article) return article;
    const cited = article.id ? [article.id] : [];
    const evidenceIds = [...new Set([...(value.evidenceIds ?? []), ...cited])];
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

  /**
   * The article named by the form's URL, if any: one already known (or added by a first submit
   * of this form) is reused. Before the keyed write, which must hold only the commitment's change.
   */
  private async article(staff: SessionStaff, body: FormBody): Promise<{ id?: string } | Refused> {
    const articleUrl = textField(body, 'articleUrl');
    if (!articleUrl) return {};
    try {
      return {
        id: await this.evidence.reuseOrCreate(staff, articleUrl, textField(body, 'articleTitle')),
      };
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      const named = Object.entries(errors).map(([field, messages]): [string, string[]] => [
        ARTICLE_FIELDS[field] ?? field,
        messages,
      ]);
      return refused(Object.fromEntries(named));
    }
  }

  private async once(
    staff: SessionStaff,
    url: string,
    body: FormBody,
    write: (version: number) => Promise<unknown>,
  ): Promise<FormOutcome> {
    const version = Number(textField(body, 'version'));
    if (!Number.isInteger(version)) return refused(INCOMPLETE);
    return this.keyed(staff, url, body, () => write(version));
  }

  /** The write once per form token; a version conflict or a refusal shows the form again. */
  private async keyed(
    staff: SessionStaff,
    url: string,
    body: FormBody,
    write: () => Promise<unknown>,
  ): Promise<FormOutcome> {
    const formToken = textField(body, 'formToken');
    if (!formToken) return refused(INCOMPLETE);
    const fields = Object.fromEntries(Object.entries(body).filter(([name]) => name !== CSRF_FIELD));
    try {
      const { body: answer } = await this.onceOnly.run(
        {
          owner: { staffUserId: staff.staffUserId },
          key: formToken,
          requestHash: idempotencyRequestHash('POST', url, fields),
          status: 201,
          secretFields: [],
          recorded: false,
        },
        write,
      );
      return { recorded: true, answer };
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
