import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { API_PREFIX } from '../common/api.js';
import { negotiateLanguage } from '../common/content-language.js';
import { LANGUAGES } from '../common/languages.js';
import { RateLimitGuard } from '../common/rate-limit.js';
import { FollowAcceptedDto, FollowRequestDto } from './dto/follow.dto.js';
import { followedTarget, FOLLOW_ANSWER, SubscriptionsService } from './subscriptions.service.js';

@ApiTags('subscriptions')
@UseGuards(RateLimitGuard)
@Controller(`${API_PREFIX}/subscriptions`)
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** The answer is the same whether or not the address already follows it. */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: FollowAcceptedDto })
  @ApiNotFoundResponse({ description: 'No public commitment, theme or event by that name.' })
  @ApiTooManyRequestsResponse({ description: 'Too many follow requests from this client.' })
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description: 'The language of its mails and of the pages they link to (en, ko, zh).',
  })
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'Overrides it.' })
  async follow(
    @Body() body: FollowRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<FollowAcceptedDto> {
    const { kind, ref } = followedTarget(body);
    await this.subscriptions.follow(body.email, kind, ref, request.ip, negotiateLanguage(request));
    return { message: FOLLOW_ANSWER };
  }
}
