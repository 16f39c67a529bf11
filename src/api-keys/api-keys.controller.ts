import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { IdPipe } from '../common/identifiers.js';
import { ApiIdempotencyKey, NotReplayed } from '../idempotency/idempotency.interceptor.js';
import { ApiKeyAdminService } from './api-key-admin.service.js';
import { ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';

@ApiTags('staff: api keys')
@Controller(`${API_PREFIX}/api-keys`)
@StaffOnly('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyAdminService) {}

  @Post()
  @NotReplayed('key')
  @ApiIdempotencyKey()
  @Created({
    type: CreatedApiKeyDto,
    description: 'An Idempotency-Key replay answers without `key`: it is never stored.',
    location: ({ id }) => apiPath('api-keys', id),
    locationDescription: 'The new key (DELETE it to revoke).',
  })
  @ApiBadRequestResponse()
  create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.keys.create(staff, body.name, body.role);
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { data: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the key is refused from now on.' })
  @ApiNotFoundResponse()
  revoke(@CurrentStaff() staff: StaffMember, @Param('id', IdPipe) id: string): Promise<void> {
    return this.keys.revoke(staff, id);
  }
}
