import { Injectable } from '@nestjs/common';
import { PrismaHealthIndicator } from '@nestjs/terminus';
import { PrismaService } from '../database/prisma.service.js';

/** Whether the database answers a trivial query within the bound. */
@Injectable()
export class DatabaseHealth {
  constructor(
    private readonly indicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
  ) {}

  check() {
    return this.indicator.pingCheck('database', this.prisma, { timeout: 2000 });
  }
}
