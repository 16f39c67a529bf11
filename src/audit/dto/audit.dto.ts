import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { PageInfoDto } from '../../common/pagination.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'commitment' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ description: 'The API key name of whoever wrote.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ example: 'commitment.status-update' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Increasing; newest first in listings.' }) id!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) apiKeyId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The person who acted.',
  })
  staffUserId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, type: Object }) before!: unknown;
  @ApiProperty({ nullable: true, type: Object }) after!: unknown;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) data!: AuditEntryDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
