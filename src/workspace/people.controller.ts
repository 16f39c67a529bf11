import { Body, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccountsService, type InvitedAccount } from '../accounts/accounts.service.js';
import { SessionsService, type SessionStaff } from '../accounts/sessions.service.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { formErrorsOf, textField, type FormBody, type FormErrors } from './form-fields.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const USERS_PAGE = `${WORKSPACE_PREFIX}/admin/users`;

/** Your own sessions, and the admins' page of staff accounts. */
@WorkspacePages()
export class PeopleController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  @Get('account')
  async account(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    const sessions = await this.sessions.listLive(staff);
    await sendStaffPage(reply, 'account', { title: 'Your sessions', staff, sessions });
  }

  @Post('account/sessions/:id/sign-out')
  async endSession(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.signOut(staff, id);
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/account`);
  }

  @Get('admin/users')
  @WorkspaceRole(ApiKeyRole.admin)
  async users(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await this.showUsers(reply, staff);
  }

  @Post('admin/users')
  @WorkspaceRole(ApiKeyRole.admin)
  async invite(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      const invited = await this.accounts.invite(staff, {
        email: textField(body, 'email'),
        displayName: textField(body, 'displayName'),
        role: textField(body, 'role') as ApiKeyRole,
      });
      await this.showUsers(reply, staff, { invited });
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      await this.showUsers(reply, staff, { errors, values: body }, 400);
    }
  }

  @Post('admin/users/:id/disable')
  @WorkspaceRole(ApiKeyRole.admin)
  async disable(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.accounts.disable(staff, id);
    await redirectAfterPost(reply, USERS_PAGE);
  }

  @Post('admin/users/:id/role')
  @WorkspaceRole(ApiKeyRole.admin)
  async changeRole(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.accounts.changeRole(staff, id, textField(body, 'role'));
    await redirectAfterPost(reply, USERS_PAGE);
  }

  @Post('admin/users/:id/reset')
  @WorkspaceRole(ApiKeyRole.admin)
  async reset(
    @SignedIn() staff: SessionStaff,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.showUsers(reply, staff, { invited: await this.accounts.reset(staff, id) });
  }

  private async showUsers(
    reply: FastifyReply,
    staff: SessionStaff,
    form: { invited?: InvitedAccount; errors?: FormErrors; values?: FormBody } = {},
    status = 200,
  ): Promise<void> {
    await sendStaffPage(
      reply,
      'users',
      {
        title: 'Staff accounts',
        staff,
        users: await this.accounts.list(),
        roles: Object.values(ApiKeyRole),
        invited: form.invited ?? null,
        errors: form.errors ?? {},
        values: form.values ?? {},
      },
      status,
    );
  }
}
