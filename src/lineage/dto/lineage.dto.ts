import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString } from 'class-validator';
import { LineageKind } from '../../generated/prisma/enums.js';

export class LinkLineageDto {
  @ApiProperty({ description: 'The earlier commitment (id or slug), possibly of another event.' })
  @IsString()
  earlier!: string;

  @ApiProperty({ enum: LineageKind, description: 'How this commitment stands to the earlier one.' })
  @IsEnum(LineageKind)
  kind!: LineageKind;
}

export class LineageLinkCreatedDto {
  @ApiProperty({ format: 'uuid' }) laterId!: string;
  @ApiProperty({ format: 'uuid' }) earlierId!: string;
  @ApiProperty({ enum: LineageKind }) kind!: LineageKind;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'The later commitment’s new version (its ETag).' })
  commitmentVersion!: number;
}
