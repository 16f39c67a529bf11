import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { IdPipe } from '../common/identifiers.js';
import { CreateEvidenceDto, EvidenceDto, UpdateEvidenceDto } from './dto/evidence.dto.js';
import { EvidenceService } from './evidence.service.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

const KNOWN_URL = 'The normalized URL is already known; `existingId` names that evidence.';

@ApiTags('staff: evidence')
@Controller(`${API_PREFIX}/evidence`)
@StaffOnly('editor')
@ApiBadRequestResponse({ description: 'Invalid body or URL.' })
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post()
  @ApiIdempotencyKey()
  @Created({
    type: EvidenceDto,
    location: ({ id }) => apiPath('evidence', id),
    locationDescription: 'The new evidence (PATCH it to edit).',
  })
  @ApiConflictResponse({ description: KNOWN_URL })
  create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.evidence.create(staff, body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EvidenceDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: KNOWN_URL })
  update(
    @CurrentStaff() staff: StaffMember,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateEvidenceDto,
  ): Promise<EvidenceDto> {
    return this.evidence.update(staff, id, body);
  }
}
