import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Event } from '../generated/prisma/client.js';

@Injectable()
export class EventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live events, latest first. */
  listPublic(): Promise<Event[]> {
    return this.prisma.event.findMany({
      where: { archived: false },
      orderBy: [{ heldOn: 'desc' }, { slug: 'asc' }],
    });
  }

  findPublic(slug: string): Promise<Event | null> {
    return this.prisma.event.findFirst({ where: { slug, archived: false } });
  }
}
