// Who is signed in. The browser session is the API's HttpOnly cookie; this context only knows
// the user and the CSRF token that GET/POST /api/session answer. Any 401 from the API (expired
// session) drops the user, and RequireAuth then sends the browser to /login.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, client, setCsrfToken, setUnauthenticatedHandler, typed, unwrap } from '../api/client';
import type { Policy, Session, SessionUser } from '../api/types';
import { setOrgTimeZoneFromPolicy } from '../format';

type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; user: SessionUser };

interface AuthApi {
  state: AuthState;
  user: SessionUser | null;
  signIn(token: string): Promise<SessionUser>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

async function loadOrgSettings(): Promise<void> {
  try {
    setOrgTimeZoneFromPolicy(await unwrap<Policy>(client.GET('/api/policy')));
  } catch {
    // The documented default zone stays in force.
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const accept = useCallback(async (session: Session) => {
    setCsrfToken(session.csrfToken);
    await loadOrgSettings();
    setState({ status: 'signed-in', user: session.user });
    return session.user;
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
    typed(client.GET('/api/session'))
      .then(accept)
      .catch(() => setState({ status: 'anonymous' }));
    return () => setUnauthenticatedHandler(null);
  }, [accept]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      user: state.status === 'signed-in' ? state.user : null,
      signIn: async (token) => accept(await typed(client.POST('/api/session', { body: { token } }))),
      signOut: async () => {
        try {
          await typed(client.DELETE('/api/session'));
        } catch (err) {
          // Already gone on the server: signed out all the same.
          if (!(err instanceof ApiError && err.status === 401)) throw err;
        }
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      },
    }),
    [state, accept],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function hasRole(user: SessionUser | null, ...roles: string[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

/** Renders its children for a signed-in user; otherwise goes to /login and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return null;
  if (state.status === 'anonymous') return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
