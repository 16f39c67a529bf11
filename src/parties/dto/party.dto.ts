import { ApiProperty } from '@nestjs/swagger';

export class PartyDto {
  @ApiProperty({ example: 'KR' }) code!: string;
  @ApiProperty({ example: 'South Korea' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '대한민국' }) nameKo!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '韩国' }) nameZh!: string | null;
}

export class PartyListDto {
  @ApiProperty({ type: [PartyDto] }) data!: PartyDto[];
}
