import { Body, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountsService } from '../accounts/accounts.service.js';
import { SessionsService } from '../accounts/sessions.service.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { formErrorsOf, textField, type FormBody } from './form-fields.js';
import {
  clearSessionCookie,
  setSessionCookie,
  SignedIn,
  WorkspaceSessionGuard,
} from './workspace-auth.js';
import type { SessionStaff } from '../accounts/sessions.service.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';
import { WorkspacePages } from './workspace-pages.decorator.js';

/** Where to go after signing in: only a workspace page of this site. */
function safeNext(next: string): string {
  return next.startsWith(`${WORKSPACE_PREFIX}`) && !next.startsWith('//') ? next : WORKSPACE_PREFIX;
}

/** Signing in and out, and setting a password through an invitation link. */
@WorkspacePages('', { public: true })
export class SignInController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  @Get('sign-in')
  async signInPage(
    @Query('next') next: string | undefined,
    @Query('welcome') welcome: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendStaffPage(reply, 'sign-in', {
      email: '',
      next: safeNext(next ?? ''),
      welcome: Boolean(welcome),
      error: null,
    });
  }

  @Post('sign-in')
  async signIn(
    @Body() body: FormBody,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const email = textField(body, 'email');
    const outcome = await this.sessions.signIn(
      email,
      typeof body?.password === 'string' ? body.password : '',
      {
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      },
    );
    const next = safeNext(textField(body, 'next'));
    if (outcome.signedIn) {
      setSessionCookie(reply, outcome.token, outcome.expiresAt);
      await redirectAfterPost(reply, next);
      return;
    }
    const paused = outcome.retryAfterSeconds;
    if (paused) void reply.header('retry-after', String(paused));
    await sendStaffPage(
      reply,
      'sign-in',
      {
        email,
        next,
        welcome: false,
        // A message of the catalogues' staffSignIn section, with its values.
        error: paused ? { message: 'paused', count: Math.ceil(paused / 60) } : { message: 'wrong' },
      },
      paused ? 429 : 401,
    );
  }

  @Post('sign-out')
  @UseGuards(WorkspaceSessionGuard)
  async signOut(@SignedIn() staff: SessionStaff, @Res() reply: FastifyReply): Promise<void> {
    await this.sessions.signOut(staff);
    clearSessionCookie(reply);
    await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/sign-in`);
  }

  @Get('invitation')
  async invitationPage(
    @Query('token') token: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = token ? await this.accounts.findInvitation(token) : null;
    await sendStaffPage(
      reply,
      'invitation',
      { user, token: token ?? '', errors: {} },
      user ? 200 : 404,
    );
  }

  @Post('invitation')
  async acceptInvitation(@Body() body: FormBody, @Res() reply: FastifyReply): Promise<void> {
    const token = textField(body, 'token');
    const password = typeof body?.password === 'string' ? body.password : '';
    const confirmation = typeof body?.confirmation === 'string' ? body.confirmation : '';
    const user = await this.accounts.findInvitation(token);
    if (user && password === confirmation) {
      try {
        await this.accounts.acceptInvitation(token, password);
        await redirectAfterPost(reply, `${WORKSPACE_PREFIX}/sign-in?welcome=1`);
        return;
      } catch (error) {
        const errors = formErrorsOf(error);
        if (!errors) throw error;
        await sendStaffPage(reply, 'invitation', { user, token, errors }, 400);
        return;
      }
    }
    const errors = user ? { confirmation: ['The two passwords are not the same.'] } : {};
    await sendStaffPage(reply, 'invitation', { user, token, errors }, user ? 400 : 404);
  }
}
