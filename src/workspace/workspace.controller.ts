import { Body, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { Clock } from '../clock/clock.js';
import { ProblemException } from '../common/problem-details.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { CommitmentFormsService, type FormOutcome } from './commitment-forms.service.js';
import type { FormBody } from './form-fields.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import {
  WorkspacePagesService,
  type CommitmentPageForms,
  type CommitmentPageState,
} from './workspace-pages.service.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const SNOOZE_DAYS = 7;
/** What the commitment page says after a form: its message in the catalogues' staffCommitment. */
const DONE_MESSAGES: Record<string, string> = {
  'status-update': 'statusUpdateRecorded',
  review: 'reviewRecorded',
  edit: 'changesSaved',
  create: 'created',
  link: 'evidenceLinked',
  unlink: 'evidenceUnlinked',
  stance: 'stanceChanged',
  translate: 'translationSaved',
};

interface CommitmentForm {
  record:
    | 'recordStatusUpdate'
    | 'recordReview'
    | 'edit'
    | 'linkEvidence'
    | 'changeStance'
    | 'unlinkEvidence'
    | 'translate';
  /** What the commitment page says after it (a key of DONE_MESSAGES). */
  done: string;
  /** Which form of the page shows it again. */
  shownAs: keyof CommitmentPageForms;
}

/** The commitment page's forms, by the last segment of the address they post to. */
const COMMITMENT_FORMS: Record<string, CommitmentForm | undefined> = {
  'status-updates': { record: 'recordStatusUpdate', done: 'status-update', shownAs: 'statusForm' },
  reviews: { record: 'recordReview', done: 'review', shownAs: 'reviewForm' },
  edit: { record: 'edit', done: 'edit', shownAs: 'editForm' },
  'evidence-links': { record: 'linkEvidence', done: 'link', shownAs: 'linkForm' },
  'evidence-stances': { record: 'changeStance', done: 'stance', shownAs: 'stanceForm' },
  'evidence-unlinks': { record: 'unlinkEvidence', done: 'unlink', shownAs: 'linkForm' },
  translations: { record: 'translate', done: 'translate', shownAs: 'translateForm' },
};

/** The editors' daily pages: the review queue and a commitment with its forms. */
@WorkspacePages()
export class WorkspaceController {
  constructor(
    private readonly pages: WorkspacePagesService,
    private readonly forms: CommitmentFormsService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async queue(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await sendStaffPage(reply, 'queue', { ...(await this.pages.reviewQueue()), staff });
  }

  @Post('reminders/:id/snooze')
  async snooze(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const dueAt = new Date(this.clock.now().getTime() + SNOOZE_DAYS * 24 * 60 * 60 * 1000);
    await this.reminders.update(id, { dueAt: dueAt.toISOString() }, staff);
    await redirectAfterPost(reply, WORKSPACE_PREFIX);
  }

  @Post('reminders/:id/done')
  async done(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.reminders.update(id, { state: 'DONE' }, staff);
    await redirectAfterPost(reply, WORKSPACE_PREFIX);
  }

  @Get('commitments/new')
  async newCommitment(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await sendStaffPage(reply, 'new-commitment', { ...(await this.pages.newCommitment()), staff });
  }

  @Post('commitments')
  async createCommitment(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const outcome = await this.forms.create(staff, request.url, body ?? {});
    if (outcome.recorded) {
      const { slug } = outcome.answer as { slug: string };
      await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/commitments/${slug}?done=create`);
      return;
    }
    const form = { values: body, errors: outcome.errors };
    await sendStaffPage(
      reply,
      'new-commitment',
      { ...(await this.pages.newCommitment(form)), staff },
      outcome.status,
    );
  }

  @Post('commitments/:slug/archive')
  @WorkspaceRole(ApiKeyRole.admin)
  async archive(
    @SignedIn() staff: SessionStaff,
    @Param('slug') slug: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const outcome = await this.forms.archive(staff, slug, request.url, body ?? {});
    if (!outcome.recorded) {
      throw new ProblemException(
        409,
        'The commitment changed since you opened its page; reload it and archive again.',
      );
    }
    await redirectAfterPost(reply, WORKSPACE_PREFIX);
  }

  @Get('commitments/:slug')
  async commitment(
    @SignedIn() staff: SessionStaff,
    @Param('slug') slug: string,
    @Query('done') done: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.showCommitment(reply, staff, slug, { done: done && DONE_MESSAGES[done] });
  }

  /** One of the page's forms (COMMITMENT_FORMS): `form` is the route's last segment. */
  @Post('commitments/:slug/:form')
  async record(
    @SignedIn() staff: SessionStaff,
    @Param('slug') slug: string,
    @Param('form') form: string,
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const kind = COMMITMENT_FORMS[form];
    if (!kind) throw new ProblemException(404, 'There is no such form.');
    const outcome = await this.forms[kind.record](staff, slug, request.url, body ?? {});
    await this.answer(reply, staff, slug, kind, outcome, body);
  }

  /** Recorded: back to the commitment, which says so; otherwise the form again, as typed. */
  private async answer(
    reply: FastifyReply,
    staff: SessionStaff,
    slug: string,
    { done, shownAs: form }: CommitmentForm,
    outcome: FormOutcome,
    body: FormBody,
  ): Promise<void> {
    if (outcome.recorded) {
      await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/commitments/${slug}?done=${done}`);
      return;
    }
    const openedAt = new Date(typeof body.openedAt === 'string' ? body.openedAt : 0);
    const state: CommitmentPageState = {
      [form]: { values: body, errors: outcome.errors },
      conflictSince: outcome.conflict ? openedAt : undefined,
    };
    await this.showCommitment(reply, staff, slug, state, outcome.status);
  }

  private async showCommitment(
    reply: FastifyReply,
    staff: SessionStaff,
    slug: string,
    state: CommitmentPageState,
    status = 200,
  ): Promise<void> {
    await sendStaffPage(
      reply,
      'commitment',
      { ...(await this.pages.commitment(slug, state)), staff },
      status,
    );
  }
}
