import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, StaffOnly } from '../../auth/staff.decorators.js';
import type { StaffMember } from '../../auth/staff-member.js';
import { API_PREFIX } from '../../common/api.js';
import { sendCommitmentEtag } from '../../common/etag-reply.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/if-match.js';
import { CommitmentDto } from '../dto/commitment.dto.js';
import { CommitmentWritesService } from './commitment-writes.service.js';
import { CreateCommitmentDto, UpdateCommitmentDto } from './dto/commitment-write.dto.js';

@ApiTags('staff: commitments')
@Controller(`${API_PREFIX}/commitments`)
@ApiBadRequestResponse({ description: 'Invalid body, unknown field or unknown reference.' })
export class CommitmentWritesController {
  constructor(private readonly writes: CommitmentWritesService) {}

  @Post()
  @StaffOnly('editor')
  @ApiCreatedResponse({ type: CommitmentDto, description: 'Sends the new ETag.' })
  @ApiConflictResponse({ description: 'The slug is taken.' })
  async create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateCommitmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommitmentDto> {
    const created = await this.writes.create(staff, body);
    sendCommitmentEtag(reply, created.version);
    return created;
  }

  @Patch(':id')
  @StaffOnly('editor')
  @ApiIfMatch()
  @ApiOkResponse({ type: CommitmentDto, description: 'Sends the new ETag.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The slug is taken.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match is stale.' })
  @ApiResponse({ status: 428, description: 'If-Match is missing.' })
  async update(
    @CurrentStaff() staff: StaffMember,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateCommitmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommitmentDto> {
    const updated = await this.writes.update(staff, id, version, body);
    sendCommitmentEtag(reply, updated.version);
    return updated;
  }

  @Delete(':id')
  @HttpCode(204)
  @StaffOnly('admin')
  @ApiIfMatch()
  @ApiNoContentResponse({
    description: 'Archived: gone from public reads, open reminders cancelled.',
  })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse({ description: 'If-Match is stale.' })
  @ApiResponse({ status: 428, description: 'If-Match is missing.' })
  archive(
    @CurrentStaff() staff: StaffMember,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number,
  ): Promise<void> {
    return this.writes.archive(staff, id, version);
  }
}
