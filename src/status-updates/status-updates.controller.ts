import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { IdOrSlugPipe } from '../common/identifiers.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { SendsCommitmentEtag } from '../commitments/commitment-etag.js';
import { RequiresIfMatch, IfMatchVersion } from '../commitments/if-match.js';
import {
  CreateReviewDto,
  CreateStatusUpdateDto,
  RecordedReviewDto,
  RecordedStatusUpdateDto,
} from './dto/status-update.dto.js';
import { StatusUpdatesService } from './status-updates.service.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

@ApiTags('staff: status updates')
@Controller(`${API_PREFIX}/commitments/:idOrSlug`)
@StaffOnly('editor')
@RequiresIfMatch()
@SendsCommitmentEtag()
@ApiIdempotencyKey()
@ApiBadRequestResponse({ description: 'Invalid body, bad date or unknown evidence.' })
@ApiNotFoundResponse({ description: 'No such commitment.' })
export class StatusUpdatesController {
  constructor(private readonly timeline: StatusUpdatesService) {}

  @Post('updates')
  @Created({
    type: RecordedStatusUpdateDto,
    description: 'Sends the new ETag.',
    location: ({ commitmentId }) => apiPath('commitments', commitmentId, 'updates'),
    locationDescription: 'The public timeline the update heads (newest first).',
  })
  addUpdate(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: CreateStatusUpdateDto,
  ): Promise<RecordedStatusUpdateDto> {
    return this.timeline.addUpdate(staff, idOrSlug, version, body);
  }

  @Post('reviews')
  @Created({
    type: RecordedReviewDto,
    description: 'Sends the new ETag.',
    location: ({ commitmentId }) => apiPath('commitments', commitmentId, 'reviews'),
    locationDescription: 'The public list of reviews the review heads (newest first).',
  })
  addReview(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: CreateReviewDto,
  ): Promise<RecordedReviewDto> {
    return this.timeline.addReview(staff, idOrSlug, version, body);
  }
}
