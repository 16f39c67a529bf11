import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql.js';
import { Prisma } from '../../generated/prisma/client.js';

/**
 * What the public answers depend on besides the request: the row the triggers of every table
 * the answers show move at each commit that changes them (`*_public_data_version` migration),
 * and the database's date, against which `overdue` is decided.
 */
export const DATA_VERSION_SQL = Prisma.sql`
  SELECT v.version::text || ':' || CURRENT_DATE::text AS "version"
  FROM public_data_version v`;

/**
 * Reads the data version for requests, one statement for many: a request waits for a read that
 * started after the request arrived, so that it sees every write acknowledged before then (on
 * any instance). A read starts once the previous one is back and the event loop has taken in
 * what arrived meanwhile (`setImmediate`), so every request of that turn shares it.
 */
@Injectable()
export class DataVersionRepository {
  private running?: Promise<unknown>;
  private next?: Promise<string>;

  constructor(private readonly sql: Sql) {}

  current(): Promise<string> {
    this.next ??= this.turnAfterRunning().then(() => this.start());
    return this.next;
  }

  private async turnAfterRunning(): Promise<void> {
    await this.running?.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }

  private start(): Promise<string> {
    this.next = undefined;
    const read = this.sql.row<{ version: string }>(DATA_VERSION_SQL).then((row) => row.version);
    this.running = read;
    return read;
  }
}
