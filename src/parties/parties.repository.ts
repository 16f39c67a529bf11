import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { PartyDto } from './dto/party.dto.js';
import { toPartyDto } from './party-kind.js';

@Injectable()
export class PartiesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live parties by code, with their names in other languages. */
  async listPublic(): Promise<PartyDto[]> {
    const parties = await this.prisma.party.findMany({
      where: { archived: false },
      include: { translations: { select: { language: true, name: true } } },
      orderBy: { code: 'asc' },
    });
    return parties.map(toPartyDto);
  }
}
