import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '../common/problem-details.filter.js';
import { WORKSPACE_PREFIX } from '../web/website.js';
import { SignInRequired, type WorkspaceRequest } from './workspace-auth.js';
import { redirectAfterPost, sendStaffPage } from './workspace-page.js';

/**
 * Workspace errors: without a session the visitor is sent to sign in (and back afterwards, for a
 * page they asked for); other errors are an HTML page with the API's status and headers.
 */
@Catch()
export class WorkspaceErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<WorkspaceRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof SignInRequired) {
      await redirectAfterPost(reply, signInLocation(request));
      return;
    }
    const { body, headers } = this.problems.render(exception, request);
    void reply.headers(headers);
    await sendStaffPage(
      reply,
      'error',
      {
        status: body.status,
        detail: body.status < 500 ? body.detail : null,
        staff: request.staff ?? null,
      },
      body.status,
    );
  }
}

function signInLocation(request: FastifyRequest): string {
  const back = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return `${WORKSPACE_PREFIX}/sign-in${back}`;
}
