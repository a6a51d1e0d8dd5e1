// The routing preview (POST /api/contracts/preview): reference data and the policy in force from
// ReferenceModule, the rules from src/domain.
import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { PreviewController } from './preview.controller';
import { PreviewService } from './preview.service';

@Module({ imports: [ReferenceModule], controllers: [PreviewController], providers: [PreviewService] })
export class PreviewModule {}
