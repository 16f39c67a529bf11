import { Controller, Get, Logger, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pipeline } from 'node:stream';
import { API_PREFIX } from '../common/api.js';
import { negotiateLanguage, sendContentLanguage, Translated } from '../common/content-language.js';
import { contentEtag, setPublicCacheHeaders } from '../common/http-cache.js';
import { PublicRead } from '../common/public-read.js';
import { compactHeapWhileOpen } from '../common/streaming-memory.js';
import { AppConfig } from '../config/app-config.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';
import { csvColumns } from './commitment-csv.js';
import type { CommitmentDto } from './dto/commitment.dto.js';
import { ExportCommitmentsQueryDto } from './dto/list-commitments-query.dto.js';
import { ExportSlot } from './export-slots.js';

@ApiTags('commitments')
@Controller(API_PREFIX)
export class CommitmentsExportController {
  private readonly logger = new Logger('CommitmentsExport');

  constructor(
    private readonly commitments: CommitmentsService,
    private readonly repository: CommitmentsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Streams rows as they are fetched, in keyset batches: memory stays flat at any size. The ETag
   * is a fingerprint of the data (not of the bytes, which are only known after streaming).
   * A batch that fails (the database went away mid-export) fails the whole pipeline: before the
   * first byte the error is answered as any other, after it the response is aborted, so that no
   * client takes a truncated file for a complete one.
   */
  @Get('commitments.csv')
  @ExportSlot()
  @PublicRead()
  @Translated()
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'Every matching public commitment as CSV (UTF-8 with a byte-order mark, one row per commitment); titles and summaries in the negotiated language.',
    schema: { type: 'string' },
  })
  async exportCsv(
    @Query() query: ExportCommitmentsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | string> {
    const language = negotiateLanguage(request);
    sendContentLanguage(reply, language);
    const fingerprint = await this.repository.fingerprint();
    const etag = contentEtag(`${fingerprint}|${language}|${JSON.stringify(query)}`);
    if (setPublicCacheHeaders(request, reply, etag)) return '';
    const columns = csvColumns(this.config.PUBLIC_BASE_URL);
    const cells = Object.values(columns);
    const csv = pipeline(
      this.commitments.exportAll(query, language),
      async function* (commitments: AsyncIterable<CommitmentDto>) {
        for await (const commitment of commitments) yield cells.map((cell) => cell(commitment));
      },
      stringify({
        bom: true,
        header: true,
        columns: Object.keys(columns),
        cast: { boolean: (value) => String(value) },
        // A cell starting with = + - @ would run as a formula in a spreadsheet.
        escape_formulas: true,
      }),
      (error) => {
        // Before the first byte, the exception filter answers and logs the error. A client that
        // went away is no error of the export.
        if (error && reply.raw.headersSent && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
          this.logger.error(error, `CSV export aborted on ${request.url}`);
        }
      },
    );
    return new StreamableFile(compactHeapWhileOpen(csv), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="commitments.csv"',
    });
  }
}
