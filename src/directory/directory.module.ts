// The directory: the caller's own profile and out-of-office period, the users approvers delegate within.
// callers is registered globally by AppModule, so every feature module is guarded alike.
import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';

@Module({
  controllers: [UsersController],
})
export class DirectoryModule {}
