import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { PublicRead } from '../common/public-read.js';
import { EventThemeFilterDto } from '../common/query-params.js';
import { StatsDto } from './dto/stats.dto.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@Controller(`${API_PREFIX}/stats`)
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @PublicRead()
  @ApiOkResponse({ type: StatsDto })
  get(@Query() filter: EventThemeFilterDto): Promise<StatsDto> {
    return this.stats.get(filter);
  }
}
