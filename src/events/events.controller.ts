import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { ContentLanguage, Translated } from '../common/content-language.js';
import type { Language } from '../common/languages.js';
import { PublicRead } from '../common/public-read.js';
import { EventDetailDto, EventListDto } from './dto/event.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller(`${API_PREFIX}/events`)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @PublicRead()
  @Translated({ langQuery: true })
  @ApiOkResponse({ type: EventListDto })
  async list(@ContentLanguage() language: Language): Promise<EventListDto> {
    return { data: await this.events.listPublic(language) };
  }

  @Get(':slug')
  @PublicRead()
  @Translated({ langQuery: true })
  @ApiOkResponse({ type: EventDetailDto })
  @ApiNotFoundResponse({ description: 'No public event with that slug (problem+json).' })
  get(@Param('slug') slug: string, @ContentLanguage() language: Language): Promise<EventDetailDto> {
    return this.events.getPublic(slug, language);
  }
}
