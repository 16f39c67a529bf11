import { applyDecorators, Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IdOrSlugPipe } from '../common/identifiers.js';
import type { FollowKind } from '../subscriptions/follow-targets.repository.js';
import { API_PREFIX } from '../common/api.js';
import { ContentLanguage, Translated } from '../common/content-language.js';
import type { Language } from '../common/languages.js';
import { PublicRead } from '../common/public-read.js';
import { EventThemeFilterDto } from '../common/query-params.js';
import { FEED_SIZE, FeedService } from './feed.service.js';

/** A public Atom feed of one commitment, theme or event. */
const AtomOf = (kind: FollowKind) =>
  applyDecorators(
    PublicRead(),
    Translated(),
    Header('content-type', 'application/atom+xml; charset=utf-8'),
    ApiProduces('application/atom+xml'),
    ApiOkResponse({
      description: `Atom 1.0: the latest ${FEED_SIZE} status updates of the ${kind}, newest first.`,
      schema: { type: 'string' },
    }),
    ApiNotFoundResponse({ description: `No public ${kind} by that name (problem+json).` }),
  );

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

  @Get('commitments/:idOrSlug/feed.atom')
  @AtomOf('commitment')
  commitment(
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @ContentLanguage() language: Language,
  ): Promise<string> {
    return this.feed.atomOf('commitment', idOrSlug, language);
  }

  @Get('themes/:slug/feed.atom')
  @AtomOf('theme')
  theme(@Param('slug') slug: string, @ContentLanguage() language: Language): Promise<string> {
    return this.feed.atomOf('theme', slug, language);
  }

  @Get('events/:slug/feed.atom')
  @AtomOf('event')
  event(@Param('slug') slug: string, @ContentLanguage() language: Language): Promise<string> {
    return this.feed.atomOf('event', slug, language);
  }
}
