import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { PageInfoDto } from '../../common/pagination.js';
import { NotificationState, WebhookPauseReason } from '../../generated/prisma/enums.js';
import {
  TEST_EVENT_TYPE,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../../notifications/webhook-events.js';

/** One or more known event types, each once. */
const EventTypes = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(WEBHOOK_EVENT_TYPES.length),
    ArrayUnique(),
    IsIn(WEBHOOK_EVENT_TYPES, { each: true }),
  );

const URL_DESCRIPTION =
  'https:// (http:// only to a loopback host when WEBHOOK_ALLOW_HTTP_LOOPBACK is set); not a ' +
  'private, loopback or link-local address unless WEBHOOK_ALLOW_PRIVATE is set.';

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: URL_DESCRIPTION, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1 })
  @IsOptional()
  @EventTypes()
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional({
    description: 'false pauses the endpoint; true resumes it (and forgets its failures).',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateWebhookDto extends UpdateWebhookDto {
  @ApiProperty({ description: URL_DESCRIPTION, maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  declare url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1 })
  @EventTypes()
  declare eventTypes: WebhookEventType[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes!: string[];
  @ApiProperty({ description: 'Receives events: not paused.' }) enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) pausedAt!: string | null;
  @ApiProperty({
    nullable: true,
    enum: WebhookPauseReason,
    description:
      'ADMIN: paused by an admin; FAILING: paused after WEBHOOK_PAUSE_AFTER_HOURS of failures.',
  })
  pauseReason!: WebhookPauseReason | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Since when every delivery has failed.',
  })
  failingSince!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description: 'The signing secret: shown only in this response, never again.',
  })
  secret!: string;
}

export class WebhookSecretDto {
  @ApiProperty({
    description: 'The new signing secret (the old one stops at once): shown only here.',
  })
  secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) data!: WebhookDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The `id` of the body the endpoint receives.' })
  eventId!: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE] }) eventType!: string;
  @ApiProperty({ enum: NotificationState }) state!: NotificationState;
  @ApiProperty() attemptCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastHttpStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) data!: WebhookDeliveryDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
