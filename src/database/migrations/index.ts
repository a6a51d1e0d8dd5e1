// Migrations in the order they apply (by timestamp). Add new ones at the end; never edit one that has shipped.
import { InitialSchema1763856000000 } from './1763856000000-initial-schema';
import { TaskLinksAndMailLog1763942400000 } from './1763942400000-task-links-and-mail-log';
import { AuditChainV21764028800000 } from './1764028800000-audit-chain-v2';
import { ReportProjections1764028800001 } from './1764028800001-report-projections';
import { TaskLinkNoncesAndRateLimits1764201600000 } from './1764201600000-task-link-nonces-and-rate-limits';
import { DeniedPartyList1764201600001 } from './1764201600001-denied-party-list';
import { ContractWorkflowStarted1764288000000 } from './1764288000000-contract-workflow-started';
import { ContractIncidents1764460800000 } from './1764460800000-contract-incidents';
import { UserLocale1764547200000 } from './1764547200000-user-locale';
import { Sessions1764547200001 } from './1764547200001-sessions';
import { CustomerAliases1764633600001 } from './1764633600001-customer-aliases';
import { ContractDocumentPdf1764633600002 } from './1764633600002-contract-document-pdf';
import { OrderBotRuns1764633600003 } from './1764633600003-order-bot-runs';
import { PolicyVersions1764720000000 } from './1764720000000-policy-versions';
import { ContractAttention1764806400100 } from './1764806400100-contract-attention';
import { SimulationJobs1764806400400 } from './1764806400400-simulation-jobs';
import { TaskDecisionReturn1764892800200 } from './1764892800200-task-decision-return';
import { StepApprovers1764892800100 } from './1764892800100-step-approvers';
import { ReferenceVersions1764979200000 } from './1764979200000-reference-versions';

export const MIGRATIONS = [
  InitialSchema1763856000000,
  TaskLinksAndMailLog1763942400000,
  AuditChainV21764028800000,
  ReportProjections1764028800001,
  TaskLinkNoncesAndRateLimits1764201600000,
  DeniedPartyList1764201600001,
  ContractWorkflowStarted1764288000000,
  ContractIncidents1764460800000,
  UserLocale1764547200000,
  Sessions1764547200001,
  CustomerAliases1764633600001,
  ContractDocumentPdf1764633600002,
  OrderBotRuns1764633600003,
  PolicyVersions1764720000000,
  ContractAttention1764806400100,
  SimulationJobs1764806400400,
  TaskDecisionReturn1764892800200,
  StepApprovers1764892800100,
  ReferenceVersions1764979200000,
];
