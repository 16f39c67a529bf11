import { ArgumentMetadata, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem-details.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  const detail = errors.map((error) => `${error.field}: ${error.messages.join(', ')}`).join('; ');
  return new ProblemException(400, detail, { errors }, '/problems/validation-error');
}

/**
 * A body DTO is a JSON object. class-transformer would map an array element by element (and
 * recurse through a deeply nested one until the stack overflows), so other JSON values are a 400.
 */
class BodyObjectValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function';
    if (isDtoBody && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationProblem([{ field: 'body', messages: ['body must be a JSON object'] }]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
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
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
