import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum } from 'class-validator';
import { ApiKeyRole } from '../../generated/prisma/enums.js';
import { RequiredText } from '../../common/text-fields.js';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Jane Doe (laptop)' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @RequiredText(100)
  name!: string;

  @ApiProperty({ enum: ApiKeyRole })
  @IsEnum(ApiKeyRole)
  role!: ApiKeyRole;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ApiKeyRole }) role!: ApiKeyRole;
  @ApiProperty({ description: 'The key itself: shown only in this response, never again.' })
  key!: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ApiKeyRole }) role!: ApiKeyRole;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart.' })
  keyPrefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
}
