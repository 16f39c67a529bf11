import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { ContentLanguage, Translated } from '../common/content-language.js';
import type { Language } from '../common/languages.js';
import { PublicRead } from '../common/public-read.js';
import { EventThemeFilterDto } from '../common/query-params.js';
import { FEED_SIZE, FeedService } from './feed.service.js';

@ApiTags('feed')
@Controller(API_PREFIX)
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get('feed.atom')
  @PublicRead()
  @Translated()
  @Header('content-type', 'application/atom+xml; charset=utf-8')
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({
    description: `Atom 1.0: the latest ${FEED_SIZE} status updates, newest first.`,
    schema: { type: 'string' },
  })
  atom(
    @Query() filter: EventThemeFilterDto,
    @ContentLanguage() language: Language,
  ): Promise<string> {
    return this.feed.atom(filter, language);
  }
}
