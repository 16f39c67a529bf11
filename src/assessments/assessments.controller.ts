import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { API_PREFIX } from '../common/api.js';
import { PageQueryDto } from '../common/pagination.js';
import { PublicRead } from '../common/public-read.js';
import { AssessmentsService, MAX_MATRIX_COMMITMENTS } from './assessments.service.js';
import { AssessmentPageDto } from './dto/assessment.dto.js';
import { ComplianceMatrixDto, ComplianceQueryDto } from './dto/compliance.dto.js';
import { COMPLIANCE_METHOD } from './methodology.js';
import { complianceCsvRows } from './compliance-csv.js';

const MATRIX_DESCRIPTION =
  `Rows are public commitments (by title), columns their parties (by code). ${COMPLIANCE_METHOD} ` +
  `At most ${MAX_MATRIX_COMMITMENTS} commitments: a wider matrix is a 400, to be narrowed by a filter.`;

@ApiTags('compliance')
@Controller(API_PREFIX)
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get('commitments/:idOrSlug/assessments')
  @PublicRead()
  @ApiOkResponse({
    type: AssessmentPageDto,
    description:
      "Every party's assessments, newest first: the newest per party is its current one.",
  })
  @ApiNotFoundResponse({ description: 'No public commitment with that id or slug (problem+json).' })
  history(
    @Param('idOrSlug') idOrSlug: string,
    @Query() page: PageQueryDto,
  ): Promise<AssessmentPageDto> {
    return this.assessments.history(idOrSlug, page);
  }

  @Get('compliance')
  @PublicRead()
  @ApiOperation({
    summary: 'The compliance matrix: commitments × parties',
    description: MATRIX_DESCRIPTION,
  })
  @ApiOkResponse({ type: ComplianceMatrixDto })
  matrix(@Query() query: ComplianceQueryDto): Promise<ComplianceMatrixDto> {
    return this.assessments.matrix(query);
  }

  @Get('compliance.csv')
  @PublicRead()
  @ApiOperation({
    summary: 'The compliance matrix as CSV, one line per cell',
    description: `${MATRIX_DESCRIPTION} One line per commitment and party; score empty when not yet assessed.`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async matrixCsv(
    @Query() query: ComplianceQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const matrix = await this.assessments.matrix(query);
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="compliance.csv"');
    return stringify(complianceCsvRows(matrix), { bom: true, header: true, escape_formulas: true });
  }
}
