import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentStaff, StaffOnly } from '../auth/staff.decorators.js';
import type { StaffMember } from '../auth/staff-member.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { Created } from '../common/created.js';
import { IdPipe } from '../common/identifiers.js';
import { PageQueryDto } from '../common/pagination.js';
import { ApiIdempotencyKey, NotReplayed } from '../idempotency/idempotency.interceptor.js';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookListDto,
  WebhookSecretDto,
} from './dto/webhook.dto.js';
import { WebhookAdminService } from './webhook-admin.service.js';

@ApiTags('staff: webhooks')
@Controller(`${API_PREFIX}/webhooks`)
@StaffOnly('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookAdminService) {}

  @Post()
  @NotReplayed('secret')
  @ApiIdempotencyKey()
  @Created({
    type: CreatedWebhookDto,
    description: 'An Idempotency-Key replay answers without `secret`: it is shown once.',
    location: ({ id }) => apiPath('webhooks', id),
    locationDescription: 'The new endpoint.',
  })
  @ApiBadRequestResponse({ description: 'A refused URL or an unknown event type.' })
  create(
    @CurrentStaff() staff: StaffMember,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookDto> {
    return this.webhooks.create(staff, body);
  }

  @Get()
  @ApiOkResponse({ type: WebhookListDto })
  async list(): Promise<WebhookListDto> {
    return { data: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  get(@Param('id', IdPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  update(
    @CurrentStaff() staff: StaffMember,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(staff, id, body);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @NotReplayed('secret')
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: WebhookSecretDto, description: 'A replay answers without `secret`.' })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  rotateSecret(
    @CurrentStaff() staff: StaffMember,
    @Param('id', IdPipe) id: string,
  ): Promise<WebhookSecretDto> {
    return this.webhooks.rotateSecret(staff, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its delivery history.' })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  delete(@CurrentStaff() staff: StaffMember, @Param('id', IdPipe) id: string): Promise<void> {
    return this.webhooks.delete(staff, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOkResponse({
    type: WebhookDeliveryDto,
    description:
      'A `webhook.test` event sent now (paused or not): the delivery after its attempt. ' +
      'An Idempotency-Key replay answers the delivery as it was queued and sends nothing.',
  })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  sendTest(
    @CurrentStaff() staff: StaffMember,
    @Param('id', IdPipe) id: string,
  ): Promise<WebhookDeliveryDto> {
    return this.webhooks.sendTest(staff, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'Newest first.' })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  deliveries(
    @Param('id', IdPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveryPage(id, query.limit, query.cursor);
  }
}
