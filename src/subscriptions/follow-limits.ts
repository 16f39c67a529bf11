import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { AppConfig } from '../config/app-config.js';
import { PG_POOL } from '../database/prisma.service.js';
import { SharedCounter } from '../database/shared-counter.js';

/**
 * Follow requests per address and per client, shared by every instance. An address is counted
 * under its SHA-256, so the counters hold no address.
 */
@Injectable()
export class FollowLimits {
  private readonly addresses: SharedCounter;
  private readonly clients: SharedCounter;

  constructor(@Inject(PG_POOL) pool: pg.Pool, config: AppConfig) {
    const windowMs = config.FOLLOW_LIMIT_WINDOW_SECONDS * 1000;
    this.addresses = new SharedCounter(pool, {
      name: 'follow-address',
      limit: config.FOLLOW_LIMIT_PER_ADDRESS,
      windowMs,
    });
    this.clients = new SharedCounter(pool, {
      name: 'follow-client',
      limit: config.FOLLOW_LIMIT_PER_CLIENT,
      windowMs,
    });
  }

  hitClient(client: string) {
    return this.clients.hit(client);
  }

  async hitAddress(email: string): Promise<boolean> {
    const count = await this.addresses.hit(createHash('sha256').update(email).digest('hex'));
    return count.allowed;
  }
}
