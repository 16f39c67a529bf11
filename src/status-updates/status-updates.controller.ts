import { Body, Controller, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX } from '../common/api.js';
import { sendCommitmentEtag } from '../common/etag-reply.js';
import { ApiIfMatch, IfMatchVersion } from '../common/if-match.js';
import {
  CreateReviewDto,
  CreateStatusUpdateDto,
  ReviewDto,
  StatusUpdateDto,
} from './dto/status-update.dto.js';
import { StatusUpdatesService } from './status-updates.service.js';

@ApiTags('staff: status updates')
@Controller(`${API_PREFIX}/commitments/:id`)
@StaffOnly('editor')
@ApiIfMatch()
@ApiBadRequestResponse({ description: 'Invalid body, bad date or unknown evidence.' })
@ApiNotFoundResponse({ description: 'No such commitment.' })
@ApiPreconditionFailedResponse({ description: 'If-Match is stale.' })
@ApiResponse({ status: 428, description: 'If-Match is missing.' })
export class StatusUpdatesController {
  constructor(private readonly timeline: StatusUpdatesService) {}

  @Post('updates')
  @ApiCreatedResponse({ type: StatusUpdateDto, description: 'Sends the new ETag.' })
  async addUpdate(
    @CurrentStaff() staff: StaffMember,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: CreateStatusUpdateDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatusUpdateDto> {
    const update = await this.timeline.addUpdate(staff, id, version, body);
    sendCommitmentEtag(reply, update.commitmentVersion);
    return update;
  }

  @Post('reviews')
  @ApiCreatedResponse({ type: ReviewDto, description: 'Sends the new ETag.' })
  async addReview(
    @CurrentStaff() staff: StaffMember,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: CreateReviewDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewDto> {
    const review = await this.timeline.addReview(staff, id, version, body);
    sendCommitmentEtag(reply, review.commitmentVersion);
    return review;
  }
}
