import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../common/problem-details.js';
import { sendPage } from './page-response.js';
import { pageMeta } from './page-meta.js';

const TITLES: Record<number, string> = {
  400: 'This address is not valid',
  404: 'Page not found',
  429: 'Too many requests',
};

/** Website routes answer errors with an HTML page (the API keeps problem+json). */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Website');

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) {
      this.logger.error(exception, `unhandled error on ${request.method} ${request.url}`);
    }
    if (exception instanceof ProblemException) void reply.headers(exception.headers);
    const title = TITLES[status] ?? 'Something went wrong';
    const detail = status < 500 && exception instanceof Error ? exception.message : null;
    await sendPage(
      reply,
      'error',
      { page: pageMeta({ title, description: title, path: request.url }), status, detail },
      status,
    );
  }
}
