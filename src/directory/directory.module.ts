// The directory: the caller's own profile, out-of-office period and language, the users approvers
// delegate within. AuthGuard (./auth.ts) is registered globally by AppModule, so every feature
// module is guarded alike. Exports UsersRepository for features that look people up by id.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [{ provide: UsersRepository, inject: [DataSource], useFactory: (db: DataSource) => new UsersRepository(db) }, UsersService],
  exports: [UsersRepository],
})
export class DirectoryModule {}
