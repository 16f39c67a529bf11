import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { ContentLanguage, Translated } from '../common/content-language.js';
import type { Language } from '../common/languages.js';
import { PublicRead } from '../common/public-read.js';
import { ThemeListDto } from './dto/theme.dto.js';
import { ThemesService } from './themes.service.js';

@ApiTags('themes')
@Controller(`${API_PREFIX}/themes`)
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  @PublicRead()
  @Translated({ langQuery: true })
  @ApiOkResponse({ type: ThemeListDto })
  async list(@ContentLanguage() language: Language): Promise<ThemeListDto> {
    return { data: await this.themes.listPublic(language) };
  }
}
