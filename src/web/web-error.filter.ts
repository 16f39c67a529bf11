import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '../common/problem-details.filter.js';
import { sendPage } from './page-response.js';
import { pageMeta } from './page-meta.js';

const TITLES: Record<number, string> = {
  400: 'This address is not valid',
  404: 'Page not found',
  429: 'Too many requests',
};

/**
 * Website routes answer errors with an HTML page (the API keeps problem+json), with the status,
 * headers and logging the API gives the same error: a value the database refuses is a 400, an
 * unreachable database a 503 with Retry-After, anything unexpected a logged 500.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = this.problems.render(exception, request);
    const status = body.status;
    void reply.headers(headers);
    const title = TITLES[status] ?? 'Something went wrong';
    const detail = status < 500 ? body.detail : null;
    await sendPage(
      reply,
      'error',
      { page: pageMeta({ title, description: title, path: request.url }), status, detail },
      status,
    );
  }
}
