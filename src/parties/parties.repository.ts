import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { PartyDto } from './dto/party.dto.js';

@Injectable()
export class PartiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live parties by code. */
  listPublic(): Promise<PartyDto[]> {
    return this.prisma.party.findMany({
      where: { archived: false },
      select: { code: true, name: true, nameKo: true, nameZh: true },
      orderBy: { code: 'asc' },
    });
  }
}
