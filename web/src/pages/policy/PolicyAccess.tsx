// Who may open the Policy pages: policy admins (who edit) and ops (who read). Anyone else who
// types the address gets the "not allowed" page rather than a page of API refusals.
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useAuth } from '../../auth/AuthContext';

export const POLICY_READERS = ['policy_admin', 'ops'];

export function useMayEditPolicy(): boolean {
  const { user } = useAuth();
  return hasRole(user, 'policy_admin');
}

export function NotAllowed() {
  const { t } = useTranslation('common');
  return (
    <>
      <h1 data-testid="not-allowed">{t('notAllowed.title')}</h1>
      <p>{t('notAllowed.text')}</p>
      <Link to="/">{t('home')}</Link>
    </>
  );
}

export function RequirePolicyReader({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (!hasRole(user, ...POLICY_READERS)) return <NotAllowed />;
  return <>{children}</>;
}
