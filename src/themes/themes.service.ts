import { Injectable } from '@nestjs/common';
import { isSlug } from '../common/identifiers.js';
import type { Language } from '../common/languages.js';
import { ProblemException } from '../common/problem-details.js';
import type { LocalizedThemeDto } from './dto/theme.dto.js';
import { ThemesRepository } from './themes.repository.js';

@Injectable()
export class ThemesService {
  constructor(private readonly themes: ThemesRepository) {}

  listPublic(language: Language): Promise<LocalizedThemeDto[]> {
    return this.themes.listPublic(language);
  }

  async getPublic(slug: string, language: Language): Promise<LocalizedThemeDto> {
    const theme = isSlug(slug) ? await this.themes.findPublic(slug, language) : null;
    if (!theme) throw new ProblemException(404, `No theme with slug "${slug}".`);
    return theme;
  }
}
