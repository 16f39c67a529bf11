import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';
import { IdOrSlugFilter, Slug } from '../../common/identifiers.js';

/** Follow one commitment, theme or event: exactly one of the three. */
export class FollowRequestDto {
  @ApiProperty({ format: 'email', maxLength: 254 })
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @IdOrSlugFilter('The commitment to follow, by id or slug.')
  commitment?: string;

  @Slug({ optional: true, description: 'The theme to follow, by slug.' })
  theme?: string;

  @Slug({ optional: true, description: 'The event to follow, by slug.' })
  event?: string;
}

export class FollowAcceptedDto {
  @ApiProperty({
    example:
      'If the address can receive mail, a confirmation link is on its way; nothing else is sent before it is followed.',
  })
  message!: string;
}
