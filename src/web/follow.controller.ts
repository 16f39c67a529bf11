import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageLink } from '../common/public-links.js';
import { RateLimitGuard } from '../common/rate-limit.js';
import { AppConfig } from '../config/app-config.js';
import { FollowRequestDto } from '../subscriptions/dto/follow.dto.js';
import type { TokenPurpose } from '../subscriptions/subscription-tokens.js';
import {
  followedTarget,
  SubscriptionsService,
  type LinkResult,
} from '../subscriptions/subscriptions.service.js';
import { translatorFor } from '../i18n/i18n.js';
import { localeOf, localeRoutes } from '../common/locale.js';
import { pageMeta } from './page-meta.js';
import { viewHelpers } from './view-helpers.js';
import { WebErrorFilter } from './web-error.filter.js';

/** A follow page's state: its title and lead are the catalogues' `follow.<state>…` messages. */
type FollowPageState =
  'requested' | 'invalid' | 'confirm' | 'confirmed' | 'unsubscribe' | 'unsubscribed';

/**
 * The follow form's target and the pages behind the links in mails. A GET only shows a button
 * (mail scanners follow links); the POST acts, and the unsubscribe POST is also RFC 8058's
 * one-click unsubscribe. The pages carry a token, so they are never cached. Each route is also
 * under /ko/ and /zh/: the form of a page in a locale posts to its locale's route, whose answer
 * is in that locale, and the follow's mails too.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@UseGuards(RateLimitGuard)
@Controller()
export class FollowController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly config: AppConfig,
  ) {}

  @Post(localeRoutes('follow'))
  @HttpCode(200)
  async follow(
    @Body() body: FollowRequestDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { kind, ref } = followedTarget(body);
    await this.subscriptions.follow(body.email, kind, ref, request.ip, localeOf(request.url));
    await this.send(reply, 'requested');
  }

  @Get(localeRoutes('follow/confirm'))
  async showConfirm(@Query('token') token: unknown, @Res() reply: FastifyReply): Promise<void> {
    await this.offer(reply, 'confirm', await this.subscriptions.peek(asToken(token), 'confirm'));
  }

  @Post(localeRoutes('follow/confirm'))
  @HttpCode(200)
  async confirm(@Query('token') token: unknown, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.subscriptions.confirm(asToken(token));
    await this.send(reply, result.subscription ? 'confirmed' : 'invalid', result);
  }

  @Get(localeRoutes('follow/unsubscribe'))
  async showUnsubscribe(@Query('token') token: unknown, @Res() reply: FastifyReply) {
    const result = await this.subscriptions.peek(asToken(token), 'unsubscribe');
    await this.offer(reply, 'unsubscribe', result);
  }

  /** Answers 200 whether or not the follow still existed: a second click is not an error. */
  @Post(localeRoutes('follow/unsubscribe'))
  @HttpCode(200)
  async unsubscribe(@Query('token') token: unknown, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.subscriptions.unsubscribe(asToken(token));
    await this.send(reply, result.subscription ? 'unsubscribed' : 'invalid', result);
  }

  private async offer(reply: FastifyReply, purpose: TokenPurpose, result: LinkResult) {
    await this.send(reply, result.subscription ? purpose : 'invalid', result, {
      action: reply.request.url,
    });
  }

  private async send(
    reply: FastifyReply,
    state: FollowPageState,
    result: LinkResult = { subscription: null },
    extra: object = {},
  ): Promise<void> {
    const target = result.subscription?.target;
    const language = localeOf(reply.request.url);
    const title = translatorFor(language)(`follow.${state}`);
    const html = await reply.viewAsync('follow', {
      page: pageMeta({ title, description: title, path: '/follow', language }),
      h: viewHelpers(language),
      state,
      target,
      targetUrl:
        target && pageLink(this.config.PUBLIC_BASE_URL, target.kind, target.slug, language),
      ...extra,
    });
    await reply
      .status(state === 'invalid' ? 404 : 200)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}

const asToken = (token: unknown): string => (typeof token === 'string' ? token : '');
