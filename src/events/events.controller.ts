import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { EventDto, EventListDto } from './dto/event.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller(`${API_PREFIX}/events`)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOkResponse({ type: EventListDto })
  async list(): Promise<EventListDto> {
    return { data: await this.events.listPublic() };
  }

  @Get(':slug')
  @ApiOkResponse({ type: EventDto })
  @ApiNotFoundResponse()
  get(@Param('slug') slug: string): Promise<EventDto> {
    return this.events.getPublic(slug);
  }
}
