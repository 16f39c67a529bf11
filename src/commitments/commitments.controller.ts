import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { API_PREFIX } from '../common/api.js';
import { PageQueryDto } from '../common/pagination.js';
import { ContentLanguage, Translated } from '../common/content-language.js';
import type { Language } from '../common/languages.js';
import { PublicRead } from '../common/public-read.js';
import { commitmentEtag } from './commitment-etag.js';
import { CommitmentsService } from './commitments.service.js';
import { CommitmentDetailDto, CommitmentPageDto } from './dto/commitment.dto.js';
import {
  LinkedEvidenceListDto,
  ReviewPageDto,
  StatusUpdatePageDto,
} from './dto/commitment-timeline.dto.js';
import { ListCommitmentsQueryDto } from './dto/list-commitments-query.dto.js';

const NOT_FOUND = 'No public commitment with that id or slug (problem+json).';

@ApiTags('commitments')
@Controller(`${API_PREFIX}/commitments`)
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get()
  @PublicRead()
  @Translated()
  @ApiOkResponse({ type: CommitmentPageDto })
  list(
    @Query() query: ListCommitmentsQueryDto,
    @ContentLanguage() language: Language,
  ): Promise<CommitmentPageDto> {
    return this.commitments.list(query, language);
  }

  @Get(':idOrSlug')
  @PublicRead()
  @Translated({ langQuery: true })
  @ApiOkResponse({
    type: CommitmentDetailDto,
    description: 'ETag: the commitment version and the language ("v3", "v3-ko").',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async get(
    @Param('idOrSlug') idOrSlug: string,
    @ContentLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommitmentDetailDto> {
    const commitment = await this.commitments.get(idOrSlug, language);
    void reply.header('etag', commitmentEtag(commitment.version, language));
    return commitment;
  }

  @Get(':idOrSlug/updates')
  @PublicRead()
  @ApiOkResponse({ type: StatusUpdatePageDto, description: 'The timeline, newest first.' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  listUpdates(
    @Param('idOrSlug') idOrSlug: string,
    @Query() page: PageQueryDto,
  ): Promise<StatusUpdatePageDto> {
    return this.commitments.listUpdates(idOrSlug, page);
  }

  @Get(':idOrSlug/reviews')
  @PublicRead()
  @ApiOkResponse({
    type: ReviewPageDto,
    description:
      'Reviews ("checked, nothing changed"), newest first; the status changes are in /updates.',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  listReviews(
    @Param('idOrSlug') idOrSlug: string,
    @Query() page: PageQueryDto,
  ): Promise<ReviewPageDto> {
    return this.commitments.listReviews(idOrSlug, page);
  }

  @Get(':idOrSlug/evidence')
  @PublicRead()
  @ApiOkResponse({ type: LinkedEvidenceListDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async listEvidence(@Param('idOrSlug') idOrSlug: string): Promise<LinkedEvidenceListDto> {
    return { data: await this.commitments.listEvidence(idOrSlug) };
  }
}
