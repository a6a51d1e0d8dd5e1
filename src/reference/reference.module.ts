// Reference data (products, customers, clause library) and the approval policy the API applies.
// Exports PolicyService: contracts validate submissions against the same policy.
import { Module } from '@nestjs/common';
import { PolicyService } from './policy.service';
import { ReferenceController } from './reference.controller';

@Module({
  controllers: [ReferenceController],
  providers: [PolicyService],
  exports: [PolicyService],
})
export class ReferenceModule {}
