import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '../auth/staff.decorators.js';
import { API_PREFIX } from '../common/api.js';
import { decodeCursor, malformedCursor, toPage } from '../common/pagination.js';
import { AuditRepository } from './audit.repository.js';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto.js';

const DIGITS = /^\d{1,19}$/;

function afterId(cursor: string | undefined): bigint | undefined {
  if (!cursor) return undefined;
  const [id] = decodeCursor(cursor, 1);
  if (typeof id !== 'string' || !DIGITS.test(id)) throw malformedCursor();
  return BigInt(id);
}

@ApiTags('staff: audit')
@Controller(`${API_PREFIX}/audit`)
@StaffOnly('admin')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  /** Newest first, keyset-paginated on the entry id; every filter has an index led by it. */
  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse()
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const { entityType, entityId, actor, action } = query;
    const rows = await this.audit.page(
      { entityType, entityId, actor, action },
      query.limit + 1,
      afterId(query.cursor),
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.id.toString()],
      (row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() }),
    );
  }
}
