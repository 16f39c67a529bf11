import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { IdOrSlugPipe } from '../common/identifiers.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { SendsCommitmentEtag } from './commitment-etag.js';
import { RequiresIfMatch, IfMatchVersion } from './if-match.js';
import { CommitmentDto } from './dto/commitment.dto.js';
import { CommitmentWriter } from './commitment-writer.js';
import {
  CommitmentTranslationBodyDto,
  CreateCommitmentDto,
  UpdateCommitmentDto,
} from './writes/dto/commitment-write.dto.js';
import { LANGUAGES, LanguagePipe, type Language } from '../common/languages.js';

/** A write of one translation of a commitment: `done` says what its answer is after. */
const TranslationWrite = (done: string) =>
  applyDecorators(
    SendsCommitmentEtag(),
    StaffOnly('editor'),
    RequiresIfMatch(),
    ApiParam({ name: 'language', enum: LANGUAGES }),
    ApiOkResponse({
      type: CommitmentDto,
      description: `Its translation into the language is ${done}; sends the new ETag.`,
    }),
    ApiNotFoundResponse({ description: 'No such commitment or language.' }),
  );
const TRANSLATION_PATH = ':idOrSlug/translations/:language';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';

@ApiTags('staff: commitments')
@Controller(`${API_PREFIX}/commitments`)
@ApiBadRequestResponse({ description: 'Invalid body, unknown field or unknown reference.' })
export class CommitmentWritesController {
  constructor(private readonly writer: CommitmentWriter) {}

  @Post()
  @ApiIdempotencyKey()
  @SendsCommitmentEtag()
  @StaffOnly('editor')
  @Created({
    type: CommitmentDto,
    description: 'Sends the new ETag.',
    location: ({ id }) => apiPath('commitments', id),
    locationDescription: 'The new commitment.',
  })
  @ApiConflictResponse({ description: 'The slug is taken.' })
  create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.writer.create(staff, body);
  }

  @Patch(':idOrSlug')
  @SendsCommitmentEtag()
  @StaffOnly('editor')
  @RequiresIfMatch()
  @ApiOkResponse({ type: CommitmentDto, description: 'Sends the new ETag.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The slug is taken.' })
  update(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.writer.edit(staff, idOrSlug, version, body);
  }

  @Delete(':idOrSlug')
  @HttpCode(204)
  @StaffOnly('admin')
  @RequiresIfMatch()
  @ApiNoContentResponse({
    description: 'Archived: gone from public reads, open reminders cancelled.',
  })
  @ApiNotFoundResponse()
  archive(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @IfMatchVersion() version: number,
  ): Promise<void> {
    return this.writer.archive(staff, idOrSlug, version);
  }

  @Put(TRANSLATION_PATH)
  @TranslationWrite('set')
  @ApiConflictResponse({ description: 'The commitment is written in that language.' })
  translate(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @Param('language', LanguagePipe) language: Language,
    @IfMatchVersion() version: number,
    @Body() body: CommitmentTranslationBodyDto,
  ): Promise<CommitmentDto> {
    return this.writer.translate(staff, idOrSlug, version, language, body);
  }

  @Delete(TRANSLATION_PATH)
  @TranslationWrite('gone')
  untranslate(
    @CurrentStaff() staff: StaffMember,
    @Param('idOrSlug', IdOrSlugPipe) idOrSlug: string,
    @Param('language', LanguagePipe) language: Language,
    @IfMatchVersion() version: number,
  ): Promise<CommitmentDto> {
    return this.writer.translate(staff, idOrSlug, version, language, null);
  }
}
