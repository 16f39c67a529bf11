import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { ThemeDto } from './dto/theme.dto.js';

const THEME_FIELDS = { slug: true, name: true, description: true } as const;

@Injectable()
export class ThemesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live themes by name. */
  listPublic(): Promise<ThemeDto[]> {
    return this.prisma.theme.findMany({
      where: { archived: false },
      select: THEME_FIELDS,
      orderBy: { name: 'asc' },
    });
  }

  findPublic(slug: string): Promise<ThemeDto | null> {
    return this.prisma.theme.findFirst({ where: { slug, archived: false }, select: THEME_FIELDS });
  }
}
