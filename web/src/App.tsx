// The app: session, router and the pages of routes.tsx inside the signed-in layout.
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, RequireAuth, useAuth } from './auth/AuthContext';
import { Layout } from './components/Layout';
import LoginPage, { homeFor } from './pages/LoginPage';
import NotFoundPage from './pages/NotFoundPage';
import { appRoutes } from './routes';

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeFor(user) : '/login'} replace />;
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Suspense fallback={null}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            {appRoutes.map(({ path, page: Page }) => (
              <Route
                key={path}
                path={path}
                element={
                  <RequireAuth>
                    <Layout>
                      <Page />
                    </Layout>
                  </RequireAuth>
                }
              />
            ))}
            <Route
              path="/"
              element={
                <RequireAuth>
                  <Home />
                </RequireAuth>
              }
            />
            <Route
              path="*"
              element={
                <RequireAuth>
                  <Layout>
                    <NotFoundPage />
                  </Layout>
                </RequireAuth>
              }
            />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </AuthProvider>
  );
}
