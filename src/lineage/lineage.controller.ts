import { Body, Controller, Delete, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { IdOrSlugPipe, IdPipe } from '../common/identifiers.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { SendsCommitmentEtag, sendCommitmentEtag } from '../commitments/commitment-etag.js';
import { RequiresIfMatch, IfMatchVersion } from '../commitments/if-match.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import { LineageLinkCreatedDto, LinkLineageDto } from './dto/lineage.dto.js';
import { LineageService } from './lineage.service.js';

@ApiTags('staff: lineage')
@Controller(`${API_PREFIX}/commitments/:idOrSlug/lineage`)
@StaffOnly('editor')
@RequiresIfMatch()
@ApiNotFoundResponse({ description: 'No such commitment (or link, on DELETE).' })
export class LineageController {
  constructor(private readonly lineage: LineageService) {}

  @Post()
  @ApiIdempotencyKey()
  @SendsCommitmentEtag()
  @Created({
    type: LineageLinkCreatedDto,
    description:
      'This (later) commitment now reaffirms, supersedes or narrows the earlier one; sends its new ETag. The earlier one gets a new version too.',
    location: ({ laterId, earlierId }) => apiPath('commitments', laterId, 'lineage', earlierId),
    locationDescription: 'The link (DELETE it to unlink).',
  })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown earlier commitment, or itself.' })
  @ApiConflictResponse({ description: 'Already linked, or the link would close a cycle.' })
  link(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: LinkLineageDto,
  ): Promise<LineageLinkCreatedDto> {
    return this.lineage.link(staff, idOrSlug, version, body);
  }

  @Delete(':earlierId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unlinked; sends the new ETag.' })
  async unlink(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @Param('earlierId', IdPipe) earlierId: string,
    @IfMatchVersion() version: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    sendCommitmentEtag(reply, await this.lineage.unlink(staff, idOrSlug, earlierId, version));
  }
}
