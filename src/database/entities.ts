// Every entity the application maps, in one list for the data source.
import { AuditEventEntity } from '../audit/audit-event.entity';
import { ContractDocumentEntity } from '../contracts/contract-document.entity';
import { ContractRevisionEntity } from '../contracts/contract-revision.entity';
import { ContractStepEntity } from '../contracts/contract-step.entity';
import { ContractEntity } from '../contracts/contract.entity';
import { OrderEntity } from '../contracts/order.entity';
import { MailLogEntity } from '../mail/mail-log.entity';
import { ApiTokenEntity } from '../directory/api-token.entity';
import { UserEntity } from '../directory/user.entity';
import { CustomerEntity } from '../reference/customer.entity';
import { DeniedPartyEntity } from '../reference/denied-party.entity';
import { ProductEntity } from '../reference/product.entity';
import { ReferenceDocumentEntity } from '../reference/reference-document.entity';
import { SessionEntity } from '../session/session.entity';
import { TaskEntity } from '../tasks/task.entity';
import { BotRunEntity } from '../rpa/bot-runs/bot-run.entity';
import { PolicyVersionEntity } from '../policy/policy-version.entity';

export const ENTITIES = [
  UserEntity,
  ApiTokenEntity,
  ProductEntity,
  CustomerEntity,
  DeniedPartyEntity,
  ReferenceDocumentEntity,
  ContractEntity,
  ContractRevisionEntity,
  ContractStepEntity,
  ContractDocumentEntity,
  OrderEntity,
  TaskEntity,
  AuditEventEntity,
  MailLogEntity,
  SessionEntity,
  BotRunEntity,
  PolicyVersionEntity,
];
