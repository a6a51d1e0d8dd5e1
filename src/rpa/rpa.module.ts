// The RPA features served by the API: document intake (POST /api/contracts/intake). Reads the
// clause library in force through ReferenceModule.
import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { IntakeController } from './intake/intake.controller';
import { IntakeService } from './intake/intake.service';

@Module({ imports: [ReferenceModule], controllers: [IntakeController], providers: [IntakeService] })
export class RpaModule {}
