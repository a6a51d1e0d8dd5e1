// Web app sessions (cookie + CSRF). The AuthGuard (src/directory/auth.ts) reads the same table.
import { Module } from '@nestjs/common';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';

@Module({ controllers: [SessionController], providers: [SessionService] })
export class SessionModule {}
