import { ArgumentMetadata, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem-details.js';

/** Rules about what kind of value a field holds: when one fails, no other rule's message helps. */
const KIND_RULES = ['isString', 'isArray', 'isInt', 'isNumber', 'isBoolean', 'isEnum', 'isIn'];

/**
 * One message per failed field: a missing one "is required", a null one "must not be null",
 * else the failed rule about its kind, else its first failed rule.
 */
function messageOf(field: string, error: ValidationError, constraints: Record<string, string>) {
  if (error.value === undefined) return `${field} is required`;
  if (error.value === null) return `${field} must not be null`;
  const kind = KIND_RULES.find((rule) => rule in constraints);
  return kind ? constraints[kind] : Object.values(constraints)[0];
}

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, messages: [messageOf(field, error, error.constraints)] }]
      : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const detail = errors.map((error) => `${error.field}: ${error.messages.join(', ')}`).join('; ');
  return new ProblemException(400, detail, { errors }, '/problems/validation-error');
}

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The path of the first `__proto__`, `constructor` or `prototype` key in a value, if any. */
function findPrototypeKey(value: unknown): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null || ArrayBuffer.isView(next.value)) {
      continue;
    }
    for (const [key, child] of Object.entries(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (PROTOTYPE_KEYS.includes(key)) return path;
      pending.push({ value: child, path });
    }
  }
  return undefined;
}

/**
 * A body DTO is a JSON object. class-transformer would map an array element by element (and
 * recurse through a deeply nested one until the stack overflows), so other JSON values are a 400.
 * Keys that name prototypes are refused like any other unknown field, where ValidationPipe would
 * drop them silently.
 */
class BodyObjectValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function';
    if (isDtoBody && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationProblem([{ field: 'body', messages: ['body must be a JSON object'] }]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }

  protected override stripProtoKeys(value: unknown): void {
    const field = findPrototypeKey(value);
    if (field !== undefined) {
      throw validationProblem([{ field, messages: [`property ${field} should not exist`] }]);
    }
  }
}

/**
 * Whitelisting validation for every body, query and param DTO: unknown fields are a 400.
 * `expectedType` is for parameters whose type TypeScript cannot emit (generic controllers).
 */
export function createValidationPipe(expectedType?: Type): ValidationPipe {
  return new BodyObjectValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
  });
}
