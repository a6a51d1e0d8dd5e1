// The audit trail as a Nest feature: AuditRepository appends events (in the caller's transaction
// or its own) and reads the chain for verification. The chain's hashing is pure (audit-chain.ts);
// the worker's activities use insertAuditEvents from audit.repository.ts directly.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from './audit.repository';

@Module({
  providers: [{ provide: AuditRepository, inject: [DataSource], useFactory: (db: DataSource) => new AuditRepository(db) }],
  exports: [AuditRepository],
})
export class AuditModule {}
