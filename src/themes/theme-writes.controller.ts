import { referenceWritesController } from '../reference-data/reference-writes.controller.js';
import { THEMES } from './theme-kind.js';
import { CreateThemeDto, UpdateThemeDto } from './dto/theme-write.dto.js';
import { ThemeDto } from './dto/theme.dto.js';

export class ThemeWritesController extends referenceWritesController({
  kind: THEMES,
  path: 'themes',
  keyName: 'slug',
  keyOf: (body) => body.slug,
  createDto: CreateThemeDto,
  updateDto: UpdateThemeDto,
  responseDto: ThemeDto,
}) {}
