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
import { CommitmentEvidenceService } from './commitment-evidence.service.js';
import { EvidenceLinkDto, LinkEvidenceDto } from './dto/evidence.dto.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

@ApiTags('staff: evidence')
@Controller(`${API_PREFIX}/commitments/:idOrSlug/evidence`)
@StaffOnly('editor')
@RequiresIfMatch()
@ApiNotFoundResponse({ description: 'No such commitment (or link, on DELETE).' })
export class CommitmentEvidenceController {
  constructor(private readonly links: CommitmentEvidenceService) {}

  @Post()
  @ApiIdempotencyKey()
  @SendsCommitmentEtag()
  @Created({
    type: EvidenceLinkDto,
    description: 'Sends the new ETag.',
    location: ({ commitmentId, evidenceId }) =>
      apiPath('commitments', commitmentId, 'evidence', evidenceId),
    locationDescription: 'The link (DELETE it to unlink).',
  })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown evidence.' })
  @ApiConflictResponse({ description: 'Already linked.' })
  link(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: LinkEvidenceDto,
  ): Promise<EvidenceLinkDto> {
    return this.links.link(staff, idOrSlug, version, body);
  }

  @Delete(':evidenceId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unlinked; sends the new ETag.' })
  async unlink(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @Param('evidenceId', IdPipe) evidenceId: string,
    @IfMatchVersion() version: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    sendCommitmentEtag(reply, await this.links.unlink(staff, idOrSlug, evidenceId, version));
  }
}
