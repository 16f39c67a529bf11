import { ApiProperty } from '@nestjs/swagger';

export class ThemeDto {
  @ApiProperty({ example: 'supply-chain-security' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
}

export class ThemeListDto {
  @ApiProperty({ type: [ThemeDto] }) data!: ThemeDto[];
}
