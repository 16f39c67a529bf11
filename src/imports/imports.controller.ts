import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX } from '../common/api.js';
import { ProblemException } from '../common/problem-details.js';
import { IMPORT_MAX_BYTES } from './csv-body.js';
import { ImportQueryDto, ImportResultDto } from './dto/import.dto.js';
import { IMPORT_MAX_ROWS, ImportsService } from './imports.service.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

@ApiTags('staff: imports')
@Controller(`${API_PREFIX}/imports`)
@StaffOnly('editor')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('commitments')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'The columns of /api/v1/commitments.csv (status, version and the other columns the API sets are read and ignored); rows are matched by slug.',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    type: ImportResultDto,
    description: 'What was (or, on a dry run, would be) created or changed.',
  })
  @ApiUnprocessableEntityResponse({
    description: 'Errors by row and column (problem+json, `errors`); nothing was imported.',
  })
  @ApiPayloadTooLargeResponse({
    description: `More than ${IMPORT_MAX_BYTES} bytes or ${IMPORT_MAX_ROWS} rows.`,
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not text/csv.' })
  importCommitments(
    @CurrentStaff() staff: StaffMember,
    @Query() query: ImportQueryDto,
    // The raw text: the validation pipe takes every @Body() for a JSON object.
    @Req() { body }: FastifyRequest,
  ): Promise<ImportResultDto> {
    if (typeof body !== 'string') {
      throw new ProblemException(415, 'Send the file as text/csv.');
    }
    return this.imports.importCsv(staff, body, query.dryRun ?? false);
  }
}
