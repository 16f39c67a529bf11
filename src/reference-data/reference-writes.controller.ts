import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  type Type,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { createValidationPipe } from '../common/validation.js';
import { LANGUAGES, LanguagePipe, type Language } from '../common/languages.js';
import { ReferenceDataWriter, type ReferenceKind } from './reference-data-writer.js';
import {
  ReferenceTranslationBodyDto,
  ReferenceTranslationDto,
} from './dto/reference-translation.dto.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

export interface ReferenceRoutes<Row extends { id: string }, C, U, Dto> {
  kind: ReferenceKind<Row, C, U, Dto>;
  /** Plural path segment under /api/v1, e.g. `events`. */
  path: string;
  /** What addresses one row in the path: `slug` or `code`. */
  keyName: string;
  keyOf: (body: C) => string;
  createDto: Type<C>;
  updateDto: Type<U>;
  responseDto: Type<Dto>;
}

/**
 * The staff routes of one kind of reference data: POST (editor), PATCH /{key} (editor), DELETE
 * /{key} = archive (admin). Events, parties and themes differ only in their `ReferenceRoutes`.
 */
export function referenceWritesController<Row extends { id: string }, C, U, Dto>(
  routes: ReferenceRoutes<Row, C, U, Dto>,
): Type<object> {
  const { kind, keyName } = routes;
  const keyParam = ApiParam({ name: keyName, description: `The ${keyName}.` });
  // Named as the public read routes name it: one path, one parameter name (OpenAPI requires it).
  const keyPath = `:${keyName}`;
  const translationPath = `${keyPath}/translations/:language`;
  const languageParam = ApiParam({ name: 'language', enum: LANGUAGES });

  @ApiTags(`staff: ${routes.path}`)
  @Controller(`${API_PREFIX}/${routes.path}`)
  @ApiBadRequestResponse({ description: 'Invalid body or unknown field.' })
  class ReferenceWritesController {
    constructor(readonly writer: ReferenceDataWriter) {}

    @Post()
    @ApiIdempotencyKey()
    @StaffOnly('editor')
    @ApiBody({ type: routes.createDto })
    @Created({
      type: routes.responseDto,
      location: (created) => apiPath(routes.path, (created as Record<string, string>)[keyName]),
      locationDescription: `The new one, by its ${keyName}.`,
    })
    @ApiConflictResponse({ description: `The ${keyName} is taken.` })
    create(
      @CurrentStaff() staff: StaffMember,
      @Body(createValidationPipe(routes.createDto)) body: C,
    ): Promise<Dto> {
      return this.writer.create(kind, staff, routes.keyOf(body), body);
    }

    @Patch(keyPath)
    @StaffOnly('editor')
    @keyParam
    @ApiBody({ type: routes.updateDto })
    @ApiOkResponse({ type: routes.responseDto, description: "Moves its commitments' versions." })
    @ApiNotFoundResponse()
    update(
      @CurrentStaff() staff: StaffMember,
      @Param(keyName) key: string,
      @Body(createValidationPipe(routes.updateDto)) body: U,
    ): Promise<Dto> {
      return this.writer.update(kind, staff, key, body);
    }

    @Put(translationPath)
    @StaffOnly('editor')
    @keyParam
    @languageParam
    @ApiBody({ type: ReferenceTranslationBodyDto })
    @ApiOkResponse({
      type: ReferenceTranslationDto,
      description: "Sets its translation into the language; moves its commitments' versions.",
    })
    @ApiNotFoundResponse({ description: 'No such row or language.' })
    translate(
      @CurrentStaff() staff: StaffMember,
      @Param(keyName) key: string,
      @Param('language', LanguagePipe) language: Language,
      @Body(createValidationPipe(ReferenceTranslationBodyDto)) body: ReferenceTranslationBodyDto,
    ): Promise<ReferenceTranslationDto> {
      return this.writer.translate(kind, staff, key, language, body);
    }

    @Delete(translationPath)
    @HttpCode(204)
    @StaffOnly('editor')
    @keyParam
    @languageParam
    @ApiNoContentResponse({ description: 'Its translation into the language is gone.' })
    @ApiNotFoundResponse({ description: 'No such row or language.' })
    untranslate(
      @CurrentStaff() staff: StaffMember,
      @Param(keyName) key: string,
      @Param('language', LanguagePipe) language: Language,
    ): Promise<void> {
      return this.writer.untranslate(kind, staff, key, language);
    }

    @Delete(keyPath)
    @HttpCode(204)
    @StaffOnly('admin')
    @keyParam
    @ApiNoContentResponse({ description: 'Archived.' })
    @ApiNotFoundResponse()
    @ApiConflictResponse({ description: 'Live commitments still show it.' })
    archive(@CurrentStaff() staff: StaffMember, @Param(keyName) key: string): Promise<void> {
      return this.writer.archive(kind, staff, key);
    }
  }
  return ReferenceWritesController;
}
