import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { ClassConstructor } from 'class-transformer';
import type { FieldError } from '../common/problem-details.js';
import { ProblemException } from '../common/problem-details.js';
import { fieldErrors } from '../common/validation.js';

/** A parsed `application/x-www-form-urlencoded` body: a repeated field is an array. */
export type FormBody = Record<string, string | string[] | undefined>;

/** Errors shown beside each field, by field name. */
export type FormErrors = Record<string, string[]>;

/** A single text field, trimmed ('' when absent or repeated). */
export function textField(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A field that may repeat (checkboxes): its non-empty values. */
export function listField(body: FormBody | undefined, name: string): string[] {
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item) => item !== '');
}

/** By the form's field: an error in a list's item (`parties.0.code`) is shown beside the list. */
export function toFormErrors(errors: FieldError[]): FormErrors {
  const byField: FormErrors = {};
  for (const error of errors) (byField[error.field.split('.')[0]] ??= []).push(...error.messages);
  return byField;
}

/** A service's validation problem (400 with field errors) as form errors; null for others. */
export function formErrorsOf(error: unknown): FormErrors | null {
  if (!(error instanceof ProblemException) || error.getStatus() !== 400) return null;
  const errors = error.extensions.errors as FieldError[] | undefined;
  return errors ? toFormErrors(errors) : { form: [error.message] };
}

/** Checks form values with the same DTO (and rules) as the JSON API. */
export async function validateAs<T extends object>(
  dto: ClassConstructor<T>,
  values: Record<string, unknown>,
): Promise<{ value: T; errors: FormErrors }> {
  const value = plainToInstance(dto, values);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  return { value, errors: toFormErrors(fieldErrors(errors)) };
}
