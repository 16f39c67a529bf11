import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '../common/problem-details.filter.js';
import { translatorFor } from '../i18n/i18n.js';
import { localeOf, unlocalized } from '../common/locale.js';
import { sendPublicPage } from './page-response.js';
import { pageMeta } from './page-meta.js';

/** The statuses whose page has its own title; others are "Something went wrong". */
const TITLED = new Set([400, 404, 429]);

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
    const language = localeOf(request.url);
    const t = translatorFor(language);
    const title = t(TITLED.has(status) ? `error.${status}` : 'error.other');
    const detail = status < 500 ? body.detail : null;
    const page = pageMeta({ language, title, description: title, path: unlocalized(request.url) });
    await sendPublicPage(request, reply, 'error', { page, status, detail }, status);
  }
}
