import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { QueryBoolean } from '../../common/query-params.js';

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'true: report what would change, and change nothing.' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportedRowDto {
  @ApiProperty({ description: 'The line of the file (the header is line 1).' }) row!: number;
  @ApiProperty() slug!: string;
  @ApiProperty({ enum: ['created', 'changed', 'unchanged'] }) outcome!: string;
  @ApiProperty({ type: [String], description: 'The fields a change sets.' }) fields!: string[];
}

export class ImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() created!: number;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [ImportedRowDto] }) rows!: ImportedRowDto[];
}
