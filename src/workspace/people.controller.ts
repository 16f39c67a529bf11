import { Body, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AccountsService,
  type InvitedAccount,
  type MailPreferencesForm,
} from '../accounts/accounts.service.js';
import { SessionsService, type SessionStaff } from '../accounts/sessions.service.js';
import { LANGUAGES } from '../common/languages.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { formErrorsOf, textField, type FormBody, type FormErrors } from './form-fields.js';
import { SignedIn, WorkspaceRole } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

const USERS_PAGE = `${WORKSPACE_PREFIX}/admin/users`;

/** The zones the mail preferences offer: every IANA zone Node knows. */
const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];

/** Your own sessions, and the admins' page of staff accounts. */
@WorkspacePages()
export class PeopleController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  @Get('account')
  async account(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await this.showAccount(reply, staff);
  }

  @Post('account/mail')
  async setMailPreferences(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = {
      preference: textField(body, 'preference'),
      digestHour: textField(body, 'digestHour'),
      timeZone: textField(body, 'timeZone'),
    };
    try {
      await this.accounts.setMailPreferences(staff, form);
      await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/account`);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      await this.showAccount(reply, staff, { errors, mail: form }, 400);
    }
  }

  private async showAccount(
    reply: FastifyReply,
    staff: SessionStaff,
    form?: { errors: FormErrors; mail: MailPreferencesForm },
    status = 200,
  ): Promise<void> {
    const [sessions, own] = await Promise.all([
      this.sessions.listLive(staff),
      this.accounts.own(staff),
    ]);
    const mail = form?.mail ?? {
      preference: own.mailPreference,
      digestHour: String(own.digestHour),
      timeZone: own.timeZone,
    };
    await sendStaffPage(
      reply,
      'account',
      {
        staff,
        languages: LANGUAGES,
        sessions,
        email: own.email,
        mail,
        mailErrors: form?.errors ?? {},
        timeZones: TIME_ZONES,
      },
      status,
    );
  }

  @Post('account/language')
  async setLanguage(
    @SignedIn() staff: SessionStaff,
    @Body() body: FormBody,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.accounts.setLanguage(staff, textField(body, 'language'));
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/account`);
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
