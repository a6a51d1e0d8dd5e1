// The Temporal client the API uses to start contracts and send them decisions, and TemporalCalls,
// which puts a deadline on every call. The API never runs workflow code; workers do, in their
// own processes.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { drainTemporalCalls, TemporalCalls } from './temporal-calls';
import { correlationClientInterceptor } from '../observability/temporal-client-interceptors';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/**
 * A lazily connected client: the process boots, and serves everything that needs only the
 * database, while Temporal is unreachable; each call then fails within its deadline (503) and
 * the gRPC channel reconnects on its own when the server is back.
 */
export function connectTemporal(config: AppConfig): Client {
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS, connectTimeout: config.TEMPORAL_CALL_TIMEOUT_MS });
  // Starts, Updates and signals carry the request's correlation id (header; a start also in the memo).
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: { workflow: [correlationClientInterceptor()] } });
}

const OWNS_CONNECTION = Symbol('OWNS_TEMPORAL_CONNECTION');

class TemporalShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(OWNS_CONNECTION) private readonly owns: boolean,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    // Calls a deadline answered early still run until their own deadline: let them end first.
    await drainTemporalCalls(this.client);
    if (this.owns) await this.client.connection.close();
  }
}

@Global()
@Module({})
export class TemporalModule {
  /** With a client given (tests), the module uses it and leaves closing it to its owner. */
  static forRoot(client?: Client): DynamicModule {
    return {
      module: TemporalModule,
      providers: [
        client
          ? { provide: TEMPORAL_CLIENT, useValue: client }
          : { provide: TEMPORAL_CLIENT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => connectTemporal(config) },
        { provide: OWNS_CONNECTION, useValue: !client },
        { provide: TemporalCalls, inject: [TEMPORAL_CLIENT, APP_CONFIG], useFactory: (c: Client, config: AppConfig) => new TemporalCalls(c, config) },
        TemporalShutdown,
      ],
      exports: [TEMPORAL_CLIENT, TemporalCalls],
    };
  }
}
