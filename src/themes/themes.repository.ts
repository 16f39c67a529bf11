import { Injectable } from '@nestjs/common';
import type { Language } from '../common/languages.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ThemeDto } from './dto/theme.dto.js';

/** A theme with its name and description in the language, where translated. */
const inLanguage = (language: Language) =>
  ({
    slug: true,
    name: true,
    description: true,
    translations: { where: { language }, select: { name: true, description: true } },
  }) as const;

type ThemeInLanguage = Prisma.ThemeGetPayload<{ select: ReturnType<typeof inLanguage> }>;

function toThemeDto({ slug, name, description, translations }: ThemeInLanguage): ThemeDto {
  const [translation] = translations;
  return {
    slug,
    name: translation?.name ?? name,
    description: translation?.description ?? description,
  };
}

@Injectable()
export class ThemesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live themes by name (the original's). */
  async listPublic(language: Language): Promise<ThemeDto[]> {
    const themes = await this.prisma.theme.findMany({
      where: { archived: false },
      select: inLanguage(language),
      orderBy: { name: 'asc' },
    });
    return themes.map(toThemeDto);
  }

  async findPublic(slug: string, language: Language): Promise<ThemeDto | null> {
    const theme = await this.prisma.theme.findFirst({
      where: { slug, archived: false },
      select: inLanguage(language),
    });
    return theme && toThemeDto(theme);
  }
}
