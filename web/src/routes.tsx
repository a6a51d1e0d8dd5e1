// Every page of the app, one line each. Pages are loaded lazily so the first page does not carry
// the others (ECharts in particular). The approver and ops pages live under pages/approver and
// pages/ops (their own area); register a page by adding its line here.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface AppRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
}

export const appRoutes: AppRoute[] = [
  { path: '/contracts', page: lazy(() => import('./pages/rep/MyContractsPage')) },
  { path: '/contracts/new', page: lazy(() => import('./pages/rep/NewContractPage')) },
  { path: '/contracts/:id', page: lazy(() => import('./pages/rep/ContractPage')) },
  { path: '/contracts/:id/revise', page: lazy(() => import('./pages/rep/ReviseContractPage')) },
  { path: '/inbox', page: lazy(() => import('./pages/approver/InboxPage')) },
  { path: '/tasks/:id', page: lazy(() => import('./pages/approver/TaskPage')) },
  { path: '/ops', page: lazy(() => import('./pages/ops/DashboardPage')) },
  { path: '/ops/contracts', page: lazy(() => import('./pages/ops/ContractsPage')) },
  { path: '/policy', page: lazy(() => import('./pages/policy/PolicyPage')) },
  { path: '/policy/version', page: lazy(() => import('./pages/policy/VersionPage')) },
  { path: '/policy/drafts/:id', page: lazy(() => import('./pages/policy/DraftPage')) },
];
