import { Body, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { ApiKeyAdminService } from '../api-keys/api-key-admin.service.js';
import type { CreatedApiKey } from '../auth/api-keys.service.js';
import { isRole } from '../auth/staff-member.js';
import { AuditRepository, type AuditFilter } from '../audit/audit.repository.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobRunsRepository } from '../jobs/job-runs.repository.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { MailRepository } from '../mail/mail.repository.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { textField, type FormBody } from './form-fields.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const AUDIT_PAGE_SIZE = 50;
const JOB_RUNS_SHOWN = 30;
const FAILED_SHOWN = 50;
const AUDIT_FILTERS = ['entityType', 'entityId', 'actor', 'action'] as const;

/**
 * Admin pages: the audit log, job runs (and running one now), failed notifications and mails,
 * API keys.
 */
@WorkspaceRole(ApiKeyRole.admin)
@WorkspacePages('admin')
export class AdminController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly runner: JobRunner,
    private readonly jobRuns: JobRunsRepository,
    private readonly apiKeys: ApiKeyAdminService,
    private readonly notifications: NotificationsRepository,
    private readonly mails: MailRepository,
  ) {}

  @Get('audit')
  async auditLog(
    @SignedIn() staff: SessionStaff,
    @Query() query: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter: AuditFilter = {};
    for (const name of AUDIT_FILTERS) if (query[name]?.trim()) filter[name] = query[name].trim();
    const before = /^\d+$/.test(query.before ?? '') ? BigInt(query.before!) : undefined;
    const entries = await this.audit.page(filter, AUDIT_PAGE_SIZE + 1, before);
    const older = entries.length > AUDIT_PAGE_SIZE ? entries[AUDIT_PAGE_SIZE - 1].id : null;
    const olderQuery = older && new URLSearchParams({ ...filter, before: older.toString() });
    await sendStaffPage(reply, 'audit', {
      staff,
      filter,
      entries: entries.slice(0, AUDIT_PAGE_SIZE),
      olderUrl: olderQuery ? `${WORKSPACE_PREFIX}/admin/audit?${olderQuery.toString()}` : null,
    });
  }

  @Get('jobs')
  async jobs(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await sendStaffPage(reply, 'jobs', {
      staff,
      names: this.runner.names,
      runs: await this.jobRuns.page(undefined, JOB_RUNS_SHOWN, null),
    });
  }

  @Post('jobs/:name/run')
  async runJob(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    await this.runner.run(name, 'API');
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/admin/jobs`);
  }

  @Get('notifications')
  async failedNotifications(
    @SignedIn() staff: SessionStaff,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendStaffPage(reply, 'notifications', {
      staff,
      notifications: await this.notifications.failed(FAILED_SHOWN),
      mails: await this.mails.failed(FAILED_SHOWN),
    });
  }

  @Get('api-keys')
  async keys(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await this.showKeys(reply, staff, null);
  }

  @Post('api-keys')
  async createKey(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const name = textField(body, 'name');
    const role = textField(body, 'role');
    if (!name || !isRole(role)) {
      await this.showKeys(reply, staff, null, 400);
      return;
    }
    await this.showKeys(reply, staff, await this.apiKeys.create(staff, name, role));
  }

  @Post('api-keys/:id/revoke')
  async revokeKey(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.apiKeys.revoke(staff, id);
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/admin/api-keys`);
  }

  private async showKeys(
    reply: FastifyReply,
    staff: SessionStaff,
    created: CreatedApiKey | null,
    status = 200,
  ): Promise<void> {
    await sendStaffPage(
      reply,
      'api-keys',
      {
        staff,
        keys: await this.apiKeys.list(),
        roles: Object.values(ApiKeyRole),
        created,
        invalid: status === 400,
      },
      status,
    );
  }
}
