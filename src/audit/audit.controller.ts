import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '../auth/staff.decorators.js';
import { API_PREFIX } from '../common/api.js';
import { decodeCursor, malformedCursor, toPage } from '../common/pagination.js';
import { PrismaService } from '../database/prisma.service.js';
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
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, keyset-paginated on the entry id; every filter has an index led by it. */
  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse()
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const after = afterId(query.cursor);
    const rows = await this.prisma.auditEntry.findMany({
      where: {
        entityType: query.entityType,
        entityId: query.entityId,
        actor: query.actor,
        action: query.action,
        ...(after !== undefined && { id: { lt: after } }),
      },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (row) => [row.id.toString()],
      (row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() }),
    );
  }
}
