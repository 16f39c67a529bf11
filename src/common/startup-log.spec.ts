import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './request-log.js';

function capture(level: 'info' | 'debug') {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

describe('start-up lines', () => {
  it("logs Nest's module and route lines and Fastify's address lines at debug", () => {
    const { logger, lines } = capture('debug');
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v1/commitments, GET} route');
    logger
      .child({ reqId: 'x' })
      .info({ context: 'InstanceLoader' }, 'JobsModule dependencies initialized');
    logger.info('Server listening at http://127.0.0.1:3000');
    expect(lines.map((line) => line.level)).toEqual([20, 20, 20]);
  });

  it('keeps every other line at its level, and hides the start-up lines at info', () => {
    const { logger, lines } = capture('info');
    logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v1/commitments, GET} route');
    logger.info({ context: 'Jobs' }, 'stale-check flagged 9');
    logger.warn({ context: 'InstanceLoader' }, 'something odd');
    logger.info('Commitment Tracker is listening on http://localhost:3000');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'stale-check flagged 9'],
      [40, 'something odd'],
      [30, 'Commitment Tracker is listening on http://localhost:3000'],
    ]);
  });
});
