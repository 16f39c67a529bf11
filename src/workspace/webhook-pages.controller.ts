import { Body, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { WEBHOOK_EVENT_TYPES } from '../notifications/webhook-events.js';
import { CreateWebhookDto } from '../webhooks/dto/webhook.dto.js';
import { WebhookAdminService } from '../webhooks/webhook-admin.service.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import {
  formErrorsOf,
  listField,
  textField,
  validateAs,
  type FormBody,
  type FormErrors,
} from './form-fields.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const WEBHOOKS_PAGE = `${WORKSPACE_PREFIX}/admin/webhooks`;
const DELIVERIES_SHOWN = 50;

/** What the list page shows once, after an action: a new secret, or a test's delivery. */
interface Shown {
  secret?: { url: string; secret: string };
  tested?: { url: string; state: string; lastHttpStatus: number | null; lastError: string | null };
  errors?: FormErrors;
  values?: FormBody;
}

/** Admins' webhook endpoints: register, pause or resume, rotate the secret, test, history. */
@WorkspaceRole(ApiKeyRole.admin)
@WorkspacePages('admin/webhooks')
export class WebhookPagesController {
  constructor(private readonly webhooks: WebhookAdminService) {}

  @Get()
  async list(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await this.show(reply, staff, {});
  }

  @Post()
  async create(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const values = { url: textField(body, 'url'), eventTypes: listField(body, 'eventTypes') };
    const { value, errors } = await validateAs(CreateWebhookDto, values);
    try {
      if (Object.keys(errors).length) {
        await this.show(reply, staff, { errors, values: body }, 400);
        return;
      }
      const created = await this.webhooks.create(staff, value);
      await this.show(reply, staff, { secret: created });
    } catch (error) {
      const problems = formErrorsOf(error);
      if (!problems) throw error;
      await this.show(reply, staff, { errors: problems, values: body }, 400);
    }
  }

  @Post(':id/pause')
  async pause(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.webhooks.update(staff, id, { enabled: false });
    await redirectAfterPost(reply, WEBHOOKS_PAGE);
  }

  @Post(':id/resume')
  async resume(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.webhooks.update(staff, id, { enabled: true });
    await redirectAfterPost(reply, WEBHOOKS_PAGE);
  }

  @Post(':id/rotate')
  async rotate(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { secret } = await this.webhooks.rotateSecret(staff, id);
    const { url } = await this.webhooks.get(id);
    await this.show(reply, staff, { secret: { url, secret } });
  }

  @Post(':id/test')
  async test(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const delivery = await this.webhooks.sendTest(staff, id);
    const { url } = await this.webhooks.get(id);
    await this.show(reply, staff, { tested: { url, ...delivery } });
  }

  @Post(':id/delete')
  async delete(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.webhooks.delete(staff, id);
    await redirectAfterPost(reply, WEBHOOKS_PAGE);
  }

  @Get(':id')
  async deliveries(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('cursor') cursor: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const endpoint = await this.webhooks.get(id);
    const page = await this.webhooks.deliveryPage(id, DELIVERIES_SHOWN, cursor);
    const next = page.page.nextCursor;
    await sendStaffPage(reply, 'webhook-deliveries', {
      staff,
      endpoint,
      deliveries: page.data,
      olderUrl: next ? `${WEBHOOKS_PAGE}/${id}?cursor=${encodeURIComponent(next)}` : null,
    });
  }

  private async show(
    reply: FastifyReply,
    staff: SessionStaff,
    shown: Shown,
    status = 200,
  ): Promise<void> {
    const endpoints = await this.webhooks.list();
    await sendStaffPage(
      reply,
      'webhooks',
      {
        staff,
        endpoints,
        failing: endpoints.filter((endpoint) => endpoint.pauseReason === 'FAILING'),
        eventTypes: WEBHOOK_EVENT_TYPES,
        errors: {},
        values: {},
        ...shown,
      },
      status,
    );
  }
}
