// Reference data (products, customers, clause library, denied parties) and the approval policy
// the API applies. Exports PolicyService (contracts validate submissions against the same policy)
// and ReferenceRepository (features that price, screen or show clauses read it there).
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PolicyService } from './policy.service';
import { ReferenceController } from './reference.controller';
import { ReferenceRepository } from './reference.repository';
import { ReferenceService } from './reference.service';

@Module({
  controllers: [ReferenceController],
  providers: [PolicyService, ReferenceService, { provide: ReferenceRepository, inject: [DataSource], useFactory: (db: DataSource) => new ReferenceRepository(db) }],
  exports: [PolicyService, ReferenceRepository],
})
export class ReferenceModule {}
