import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** A required, non-empty string of at most `max` characters. */
export const RequiredText = (max: number): PropertyDecorator =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

/** An optional (or null) string of at most `max` characters. */
export const OptionalText = (max: number): PropertyDecorator =>
  applyDecorators(IsOptional(), IsString(), MaxLength(max));
