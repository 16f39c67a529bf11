import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { IdOrSlugPipe } from '../common/identifiers.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { SendsCommitmentEtag } from './commitment-etag.js';
import { RequiresIfMatch, IfMatchVersion } from './if-match.js';
import { CommitmentDto } from './dto/commitment.dto.js';
import { CommitmentWriter } from './commitment-writer.js';
import { CreateCommitmentDto, UpdateCommitmentDto } from './writes/dto/commitment-write.dto.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

@ApiTags('staff: commitments')
@Controller(`${API_PREFIX}/commitments`)
@ApiBadRequestResponse({ description: 'Invalid body, unknown field or unknown reference.' })
export class CommitmentWritesController {
  constructor(private readonly writer: CommitmentWriter) {}

  @Post()
  @ApiIdempotencyKey()
  @SendsCommitmentEtag()
  @StaffOnly('editor')
  @Created({
    type: CommitmentDto,
    description: 'Sends the new ETag.',
    location: ({ id }) => apiPath('commitments', id),
    locationDescription: 'The new commitment.',
  })
  @ApiConflictResponse({ description: 'The slug is taken.' })
  create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.writer.create(staff, body);
  }

  @Patch(':idOrSlug')
  @SendsCommitmentEtag()
  @StaffOnly('editor')
  @RequiresIfMatch()
  @ApiOkResponse({ type: CommitmentDto, description: 'Sends the new ETag.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The slug is taken.' })
  update(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.writer.edit(staff, idOrSlug, version, body);
  }

  @Delete(':idOrSlug')
  @HttpCode(204)
  @StaffOnly('admin')
  @RequiresIfMatch()
  @ApiNoContentResponse({
    description: 'Archived: gone from public reads, open reminders cancelled.',
  })
  @ApiNotFoundResponse()
  archive(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
  ): Promise<void> {
    return this.writer.archive(staff, idOrSlug, version);
  }
}
