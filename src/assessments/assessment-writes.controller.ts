import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { IdOrSlugPipe } from '../common/identifiers.js';
import { SendsCommitmentEtag } from '../commitments/commitment-etag.js';
import { IfMatchVersion, RequiresIfMatch } from '../commitments/if-match.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import { AssessmentsService } from './assessments.service.js';
import { CreateAssessmentDto, RecordedAssessmentDto } from './dto/assessment.dto.js';

@ApiTags('staff: assessments')
@Controller(`${API_PREFIX}/commitments/:idOrSlug`)
@StaffOnly('editor')
@RequiresIfMatch()
@SendsCommitmentEtag()
@ApiIdempotencyKey()
@ApiBadRequestResponse({
  description:
    'Invalid body, bad date, a party not of the commitment or evidence not linked to it.',
})
@ApiNotFoundResponse({ description: 'No such commitment.' })
export class AssessmentWritesController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post('assessments')
  @Created({
    type: RecordedAssessmentDto,
    description: 'Sends the new ETag of the commitment.',
    location: ({ commitmentId }) => apiPath('commitments', commitmentId, 'assessments'),
    locationDescription: 'The public assessment history the new assessment heads (newest first).',
  })
  add(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: CreateAssessmentDto,
  ): Promise<RecordedAssessmentDto> {
    return this.assessments.add(staff, idOrSlug, version, body);
  }
}
