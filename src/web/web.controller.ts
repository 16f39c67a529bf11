import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DEFAULT_LANGUAGE } from '../common/languages.js';
import { RateLimitGuard } from '../common/rate-limit.js';
import { parseHomeQuery } from './home-filters.js';
import { sendPage } from './page-response.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPagesService } from './web-pages.service.js';

/**
 * The public website: HTML pages (not part of the JSON API's OpenAPI document), on the public
 * API's per-client budget; static files under /assets/ are not counted (see website.ts).
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@UseGuards(RateLimitGuard)
@Controller()
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  @Get()
  async home(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const data = await this.pages.home(parseHomeQuery(query), DEFAULT_LANGUAGE);
    await sendPage(reply, 'home', data);
  }

  @Get('commitments/:slug')
  async commitment(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    await sendPage(reply, 'commitment', await this.pages.commitment(slug, DEFAULT_LANGUAGE));
  }

  @Get('events/:slug')
  async event(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    await sendPage(reply, 'event', await this.pages.event(slug, DEFAULT_LANGUAGE));
  }

  @Get('methodology')
  async methodology(@Res() reply: FastifyReply): Promise<void> {
    await sendPage(reply, 'methodology', this.pages.methodology());
  }

  @Get('themes/:slug')
  async theme(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    await sendPage(reply, 'theme', await this.pages.theme(slug, DEFAULT_LANGUAGE));
  }
}
