// Sign-in: in development the demo users, one button each (GET /api/session/demo-users answers
// 404 elsewhere, and the list is simply not shown); in every environment a pasted token.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, client, typed } from '../api/client';
import type { DemoUser, SessionUser } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { LanguageSwitch } from '../components/LanguageSwitch';

export function homeFor(user: SessionUser): string {
  if (user.roles.includes('rep')) return '/contracts';
  if (user.roles.includes('ops')) return '/ops';
  // A policy owner who approves nothing has no inbox to start from.
  if (user.roles.length > 0 && user.roles.every((r) => r === 'policy_admin')) return '/policy';
  return '/inbox';
}

export default function LoginPage() {
  const { t } = useTranslation('common');
  const { state, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [demoUsers, setDemoUsers] = useState<DemoUser[]>([]);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    typed(client.GET('/api/session/demo-users'))
      .then(setDemoUsers)
      .catch(() => setDemoUsers([]));
  }, []);

  if (state.status === 'signed-in') return <Navigate to={params.get('next') ?? homeFor(state.user)} replace />;

  const go = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(value);
      const next = params.get('next');
      void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(user), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.unknownToken') : t('error.network'));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void go(token.trim());
  };

  return (
    <main id="main" className="login">
      <div className="login-top">
        <h1>{t('login.title')}</h1>
        <LanguageSwitch />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {demoUsers.length > 0 && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">{t('login.demoUsers')}</h2>
          <ul className="demo-users">
            {demoUsers.map((u) => (
              <li key={u.username}>
                <button type="button" disabled={busy} onClick={() => void go(u.token)}>
                  <span className="demo-name">{u.displayName}</span>
                  <span className="demo-role">{u.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="token-sign-in">
        <h2 id="token-sign-in">{t('login.withToken')}</h2>
        <form onSubmit={onSubmit}>
          <label htmlFor="token">{t('login.token')}</label>
          <input id="token" name="token" type="password" autoComplete="off" required value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit" disabled={busy || !token.trim()}>
            {t('login.signIn')}
          </button>
        </form>
      </section>
    </main>
  );
}
