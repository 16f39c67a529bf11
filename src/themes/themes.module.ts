import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { ThemeWritesController } from './theme-writes.controller.js';
import { ThemesController } from './themes.controller.js';
import { ThemesRepository } from './themes.repository.js';
import { ThemesService } from './themes.service.js';

@Module({
  imports: [ReferenceDataModule],
  controllers: [ThemesController, ThemeWritesController],
  providers: [ThemesService, ThemesRepository],
  exports: [ThemesService],
})
export class ThemesModule {}
