// The frame of every signed-in page: skip link, navigation by role, who is signed in, the
// language switch and sign-out.
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { client, unwrap } from '../api/client';
import { hasRole, useAuth } from '../auth/AuthContext';
import { TASKS_CHANGED_EVENT } from '../pages/approver/request';
import { LanguageSwitch } from './LanguageSwitch';

const APPROVER_ROLES = [
  'sales_manager',
  'deal_desk',
  'legal_counsel',
  'finance_controller',
  'tax_specialist',
  'operations_planner',
  'credit_controller',
  'compliance_officer',
  'regional_director',
  'executive',
];

/** The number of open tasks for the navigation; refreshed on every page change and after a decision on the approver pages. */
function useOpenTaskCount(enabled: boolean): number | null {
  const location = useLocation();
  const [count, setCount] = useState<number | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const bump = () => setChanges((n) => n + 1);
    window.addEventListener(TASKS_CHANGED_EVENT, bump);
    return () => window.removeEventListener(TASKS_CHANGED_EVENT, bump);
  }, []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    unwrap<unknown[]>(client.GET('/api/tasks'))
      .then((tasks) => live && setCount(tasks.length))
      .catch(() => live && setCount(null));
    return () => {
      live = false;
    };
  }, [enabled, location.pathname, changes]);
  return count;
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('common');
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const isRep = hasRole(user, 'rep');
  const isApprover = hasRole(user, ...APPROVER_ROLES);
  const isOps = hasRole(user, 'ops');
  const readsPolicy = hasRole(user, 'policy_admin', 'ops');
  const openTasks = useOpenTaskCount(isApprover);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <div className="brand">Greenlight</div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {isRep && (
              <>
                <li>
                  <NavLink to="/contracts" end>
                    {t('nav.myContracts')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/contracts/new">{t('nav.newContract')}</NavLink>
                </li>
              </>
            )}
            {isApprover && (
              <li>
                <NavLink to="/inbox">
                  {t('nav.inbox')}
                  {openTasks !== null && (
                    <span className="badge" aria-label={t('nav.openTasks', { count: openTasks })}>
                      {openTasks}
                    </span>
                  )}
                </NavLink>
              </li>
            )}
            {isOps && (
              <>
                <li>
                  <NavLink to="/ops" end>
                    {t('nav.dashboard')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/ops/contracts">{t('nav.allContracts')}</NavLink>
                </li>
              </>
            )}
            {readsPolicy && (
              <li>
                <NavLink to="/policy">{t('nav.policy')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-tools">
          <span className="signed-in" data-testid="signed-in-user">
            {t('header.signedInAs', { name: user?.displayName ?? '' })}
          </span>
          <LanguageSwitch />
          <button
            type="button"
            className="secondary"
            onClick={() => {
              void signOut().then(() => navigate('/login'));
            }}
          >
            {t('header.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p>{t('loading')}</p>}>{children}</Suspense>
      </main>
    </>
  );
}
