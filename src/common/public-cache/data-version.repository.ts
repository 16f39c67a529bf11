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
 * any instance), and every request arriving while a read is out shares the next one.
 */
@Injectable()
export class DataVersionRepository {
  private running?: Promise<string>;
  private next?: Promise<string>;

  constructor(private readonly sql: Sql) {}

  current(): Promise<string> {
    if (!this.running) return this.start();
    this.next ??= this.running.catch(() => undefined).then(() => this.start());
    return this.next;
  }

  private start(): Promise<string> {
    this.next = undefined;
    const read = this.sql.row<{ version: string }>(DATA_VERSION_SQL).then((row) => row.version);
    this.running = read;
    const settled = () => {
      if (this.running === read) this.running = undefined;
    };
    read.then(settled, settled);
    return read;
  }
}
