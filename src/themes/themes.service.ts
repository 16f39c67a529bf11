import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem-details.js';
import { SLUG_PATTERN } from '../common/query-params.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ThemeDto } from './dto/theme.dto.js';

const THEME_FIELDS = { slug: true, name: true, description: true } as const;

@Injectable()
export class ThemesService {
  constructor(private readonly prisma: PrismaService) {}

  listPublic(): Promise<ThemeDto[]> {
    return this.prisma.theme.findMany({
      where: { archived: false },
      select: THEME_FIELDS,
      orderBy: { name: 'asc' },
    });
  }

  async getPublic(slug: string): Promise<ThemeDto> {
    const theme = SLUG_PATTERN.test(slug)
      ? await this.prisma.theme.findFirst({
          where: { slug, archived: false },
          select: THEME_FIELDS,
        })
      : null;
    if (!theme) throw new ProblemException(404, `No theme with slug "${slug}".`);
    return theme;
  }
}
