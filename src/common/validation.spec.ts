import { describe, expect, it } from '@jest/globals';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ProblemException } from './problem-details.js';
import { RequiredText } from './text-fields.js';
import { createValidationPipe } from './validation.js';

class Pledge {
  @RequiredText(10)
  title!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  parties!: string[];

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  progress?: number;
}

async function fieldErrors(body: object): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Pledge });
  } catch (error) {
    return (error as ProblemException).extensions.errors;
  }
  throw new Error('the body was accepted');
}

describe('createValidationPipe: one message per failed field', () => {
  it('says a missing field is required, not every rule it breaks', async () => {
    expect(await fieldErrors({})).toEqual([
      { field: 'title', messages: ['title is required'] },
      { field: 'parties', messages: ['parties is required'] },
    ]);
  });

  it('says null is refused where a value is needed', async () => {
    expect(await fieldErrors({ title: null, parties: ['KR'] })).toEqual([
      { field: 'title', messages: ['title must not be null'] },
    ]);
  });

  it('gives the rule about the kind of value before rules about its size', async () => {
    expect(await fieldErrors({ title: 5, parties: 'KR', progress: '7' })).toEqual([
      { field: 'title', messages: ['title must be a string'] },
      { field: 'parties', messages: ['parties must be an array'] },
      { field: 'progress', messages: ['progress must be an integer number'] },
    ]);
  });

  it('gives the first broken rule when the kind is right', async () => {
    expect(await fieldErrors({ title: 'far too long a title', parties: [] })).toEqual([
      { field: 'title', messages: ['title must be shorter than or equal to 10 characters'] },
      { field: 'parties', messages: ['parties must contain at least 1 elements'] },
    ]);
  });
});
