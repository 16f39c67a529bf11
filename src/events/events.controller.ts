import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { PublicRead } from '../common/public-read.js';
import { EventDetailDto, EventListDto } from './dto/event.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller(`${API_PREFIX}/events`)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @PublicRead()
  @ApiOkResponse({ type: EventListDto })
  async list(): Promise<EventListDto> {
    return { data: await this.events.listPublic() };
  }

  @Get(':slug')
  @PublicRead()
  @ApiOkResponse({ type: EventDetailDto })
  @ApiNotFoundResponse({ description: 'No public event with that slug (problem+json).' })
  get(@Param('slug') slug: string): Promise<EventDetailDto> {
    return this.events.getPublic(slug);
  }
}
