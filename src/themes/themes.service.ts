import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { ThemeDto } from './dto/theme.dto.js';

@Injectable()
export class ThemesService {
  constructor(private readonly prisma: PrismaService) {}

  listPublic(): Promise<ThemeDto[]> {
    return this.prisma.theme.findMany({
      where: { archived: false },
      select: { slug: true, name: true, description: true },
      orderBy: { name: 'asc' },
    });
  }
}
