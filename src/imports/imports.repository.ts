import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/** Savepoints of an import's transaction: a row that fails leaves the others' work usable. */
@Injectable()
export class ImportsRepository {
  async savepoint(tx: Tx): Promise<void> {
    await tx.$executeRaw`SAVEPOINT import_row`;
  }

  async rollbackToSavepoint(tx: Tx): Promise<void> {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT import_row`;
  }
}
