import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { PageQueryDto } from '../common/pagination.js';
import { CommitmentsService } from './commitments.service.js';
import { CommitmentDetailDto, CommitmentPageDto } from './dto/commitment.dto.js';

@ApiTags('commitments')
@Controller(`${API_PREFIX}/commitments`)
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get()
  @ApiOkResponse({ type: CommitmentPageDto })
  list(@Query() query: PageQueryDto): Promise<CommitmentPageDto> {
    return this.commitments.list(query);
  }

  @Get(':idOrSlug')
  @ApiOkResponse({ type: CommitmentDetailDto })
  @ApiNotFoundResponse({ description: 'No public commitment with that id or slug.' })
  get(@Param('idOrSlug') idOrSlug: string): Promise<CommitmentDetailDto> {
    return this.commitments.get(idOrSlug);
  }
}
