// What the API needs of mail: the data a notification or task page shows (MailDataRepository).
// Sending happens in the worker (src/mail/mail-notifier.ts), which is not a Nest process.
import { Module } from '@nestjs/common';
import { MailDataRepository } from './mail-data.repository';

@Module({
  providers: [MailDataRepository],
  exports: [MailDataRepository],
})
export class MailModule {}
