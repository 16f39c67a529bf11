import { Prisma } from '../generated/prisma/client.js';
import { ProblemException } from './problem-details.js';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Runs a write; a unique-constraint violation (e.g. a slug taken meanwhile) becomes a 409. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ProblemException(409, detail);
    throw error;
  }
}
