// The time the API and the activities read when they stamp or compare instants (a submission's
// stamp, a contract's RAG "now", a generated document's date). Production binds the system clock;
// tests on the time-skipping Temporal server bind a clock that reads the test server's time, so
// stamps made by the API and by the workflow lie on one timeline and RAG colours are exact.
import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Injected by class: `constructor(private readonly clock: Clock)`. */
export abstract class Clock {
  abstract now(): Date;
}

class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export const systemClock: Clock = new SystemClock();

/** Provides Clock to every module: the given one, or the system clock. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
