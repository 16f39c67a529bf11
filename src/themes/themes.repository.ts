import { Injectable } from '@nestjs/common';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { nameIn } from '../commitments/commitment.mapper.js';
import type { LocalizedThemeDto } from './dto/theme.dto.js';

/** A theme with its name and description in the language, where translated. */
const inLanguage = (language: Language) =>
  ({
    slug: true,
    name: true,
    description: true,
    translations: { where: { language }, select: { name: true, description: true } },
  }) as const;

type ThemeInLanguage = Prisma.ThemeGetPayload<{ select: ReturnType<typeof inLanguage> }>;

function toLocalizedThemeDto(
  { slug, name, description, translations }: ThemeInLanguage,
  language: Language,
): LocalizedThemeDto {
  const [translation] = translations;
  const shown = nameIn(name, { [language]: translation?.name }, language);
  return {
    slug,
    name: shown.text,
    description: translation?.description ?? description,
    language: shown.language,
    original: { language: DEFAULT_LANGUAGE, name, description },
  };
}

@Injectable()
export class ThemesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Live themes by name (the original's). */
  async listPublic(language: Language): Promise<LocalizedThemeDto[]> {
    const themes = await this.prisma.theme.findMany({
      where: { archived: false },
      select: inLanguage(language),
      orderBy: { name: 'asc' },
    });
    return themes.map((theme) => toLocalizedThemeDto(theme, language));
  }

  async findPublic(slug: string, language: Language): Promise<LocalizedThemeDto | null> {
    const theme = await this.prisma.theme.findFirst({
      where: { slug, archived: false },
      select: inLanguage(language),
    });
    return theme && toLocalizedThemeDto(theme, language);
  }
}
