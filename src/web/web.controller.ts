import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CachedPublicAnswer } from '../common/public-cache/public-answers.js';
import { RateLimitGuard } from '../common/rate-limit.js';
import { parseHomeQuery } from './home-filters.js';
import { localeOf, localeRoutes } from '../common/locale.js';
import { sendPublicPage } from './page-response.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPagesService } from './web-pages.service.js';

/**
 * The public website: HTML pages (not part of the JSON API's OpenAPI document), on the public
 * API's per-client budget; static files under /assets/ are not counted (see website.ts). Each
 * page is at its English path and under /ko/ and /zh/.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@UseGuards(RateLimitGuard)
@Controller()
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  @Get(localeRoutes(''))
  @CachedPublicAnswer()
  async home(
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const data = await this.pages.home(parseHomeQuery(query), localeOf(request.url));
    await sendPublicPage(request, reply, 'home', data);
  }

  @Get(localeRoutes('commitments/:slug'))
  @CachedPublicAnswer()
  async commitment(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const data = await this.pages.commitment(slug, localeOf(request.url));
    await sendPublicPage(request, reply, 'commitment', data);
  }

  @Get(localeRoutes('events/:slug'))
  @CachedPublicAnswer()
  async event(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const data = await this.pages.event(slug, localeOf(request.url));
    await sendPublicPage(request, reply, 'event', data);
  }

  @Get(localeRoutes('methodology'))
  @CachedPublicAnswer()
  async methodology(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const data = this.pages.methodology(localeOf(request.url));
    await sendPublicPage(request, reply, 'methodology', data);
  }

  @Get(localeRoutes('themes/:slug'))
  @CachedPublicAnswer()
  async theme(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const data = await this.pages.theme(slug, localeOf(request.url));
    await sendPublicPage(request, reply, 'theme', data);
  }
}
