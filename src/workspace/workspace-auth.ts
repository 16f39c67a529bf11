import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionsService, type SessionStaff } from '../accounts/sessions.service.js';
import { hasRole } from '../auth/staff-member.js';
import { REQUIRED_ROLE, requiredRole } from '../auth/staff.guard.js';
import { ProblemException } from '../common/problem-details.js';
import type { ApiKeyRole } from '../generated/prisma/enums.js';
import { WORKSPACE_PREFIX } from '../web/website.js';

export const SESSION_COOKIE = 'ct_session';

export type WorkspaceRequest = FastifyRequest & { staff?: SessionStaff };

/** A workspace page asked for without a live session: the filter sends the visitor to sign in. */
export class SignInRequired extends Error {}

/** The least role a workspace controller or page needs (editor by default). */
export const WorkspaceRole = (role: ApiKeyRole) => SetMetadata(REQUIRED_ROLE, role);

/** The session cookie: sent only to the workspace, never to scripts, Secure over HTTPS. */
export function setSessionCookie(reply: FastifyReply, token: string, expires: Date): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: WORKSPACE_PREFIX,
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: WORKSPACE_PREFIX });
}

/**
 * Workspace pages: a live session (otherwise the sign-in page) whose person has the page's role
 * (otherwise a 403 page).
 */
@Injectable()
export class WorkspaceSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WorkspaceRequest>();
    const token = request.cookies[SESSION_COOKIE];
    const staff = token ? await this.sessions.resolve(token) : null;
    if (!staff) throw new SignInRequired();
    const required = requiredRole(this.reflector, context);
    if (!hasRole(staff, required)) {
      throw new ProblemException(403, `This page is for staff with the ${required} role.`);
    }
    request.staff = staff;
    return true;
  }
}

/**
 * Every state-changing workspace form carries the CSRF token of @fastify/csrf-protection; a
 * request without a valid one is refused with a 403 page before anything else happens.
 */
@Injectable()
export class WorkspaceCsrfGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (request.method !== 'POST') return true;
    const reply = http.getResponse<FastifyReply>();
    // The plugin's check answers a failure itself (reply.send); here it becomes this route's
    // error, so the workspace's error page shows it.
    await new Promise<void>((resolve, reject) => {
      const answer = Object.create(reply, { send: { value: reject } }) as FastifyReply;
      request.server.csrfProtection(request, answer, () => resolve());
    }).catch(() => {
      throw new ProblemException(
        403,
        'This form has expired or did not come from the workspace. Go back, reload it and try again.',
      );
    });
    return true;
  }
}

/** The signed-in person of a workspace page. */
export const SignedIn = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const { staff } = context.switchToHttp().getRequest<WorkspaceRequest>();
  if (!staff) throw new Error('SignedIn used on a route without WorkspaceSessionGuard');
  return staff;
});
