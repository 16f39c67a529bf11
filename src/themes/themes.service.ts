import { Injectable } from '@nestjs/common';
import { isSlug } from '../common/identifiers.js';
import { ProblemException } from '../common/problem-details.js';
import type { ThemeDto } from './dto/theme.dto.js';
import { ThemesRepository } from './themes.repository.js';

@Injectable()
export class ThemesService {
  constructor(private readonly themes: ThemesRepository) {}

  listPublic(): Promise<ThemeDto[]> {
    return this.themes.listPublic();
  }

  async getPublic(slug: string): Promise<ThemeDto> {
    const theme = isSlug(slug) ? await this.themes.findPublic(slug) : null;
    if (!theme) throw new ProblemException(404, `No theme with slug "${slug}".`);
    return theme;
  }
}
