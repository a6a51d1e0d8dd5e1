// The Temporal client the API uses to start contracts and send them decisions. The API never
// runs workflow code; workers do, in their own processes.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export async function connectTemporal(config: AppConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '10s' });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

const OWNS_CONNECTION = Symbol('OWNS_TEMPORAL_CONNECTION');

class TemporalShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(OWNS_CONNECTION) private readonly owns: boolean,
  ) {}
  async onApplicationShutdown(): Promise<void> {
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
        TemporalShutdown,
      ],
      exports: [TEMPORAL_CLIENT],
    };
  }
}
