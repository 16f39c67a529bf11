import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The one source of "now" for the jobs and reminders, so tests can run them at any date:
 * replace `now` (e.g. `jest.spyOn(app.get(Clock), 'now')`) to move time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
