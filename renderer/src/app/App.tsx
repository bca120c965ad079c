/** The app: data layer, live stream, hash router and the pages. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Tooltip } from 'radix-ui';
import { lazy, Suspense, useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import type { AdminAuth } from '../api/admin-auth';
import { AdminApiError, type AdminClient } from '../api/admin-client';
import { AdminProvider, useAdmin } from '../api/AdminProvider';
import { EmptyState } from '../components/EmptyState';
import { useHashPath } from '../lib/hash-location';
import { LiveProvider } from '../live/LiveProvider';
import { Skeleton } from '../components/Skeleton';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { TracesPage } from '../pages/traces/TracesPage';
import { Shell } from './Shell';
import { SignedOut } from './SignedOut';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again; the gateway being down might.
        retry: (count, error) => !(error instanceof AdminApiError && error.status >= 400 && error.status < 500) && count < 2,
        staleTime: 5_000,
      },
    },
  });
}

// The pages people open most load with the app; the others (and their dependencies: Recharts, Zod) on demand.
const CostsPage = lazy(() => import('../pages/costs/CostsPage').then((module) => ({ default: module.CostsPage })));
const KeysPage = lazy(() => import('../pages/keys/KeysPage').then((module) => ({ default: module.KeysPage })));
const ConnectPage = lazy(() => import('../pages/connect/ConnectPage').then((module) => ({ default: module.ConnectPage })));
const ProvidersPage = lazy(() => import('../pages/providers/ProvidersPage').then((module) => ({ default: module.ProvidersPage })));
const RoutesPage = lazy(() => import('../pages/routes/RoutesPage').then((module) => ({ default: module.RoutesPage })));
const PlaygroundPage = lazy(() => import('../pages/playground/PlaygroundPage').then((module) => ({ default: module.PlaygroundPage })));
const SettingsPage = lazy(() => import('../pages/settings/SettingsPage').then((module) => ({ default: module.SettingsPage })));

function Pages() {
  return (
    <Suspense fallback={<Skeleton lines={6} wide />}>
    <Switch>
      <Route path="/" component={OverviewPage} />
      <Route path="/traces" component={TracesPage} />
      <Route path="/traces/:id" component={TracesPage} />
      <Route path="/costs" component={CostsPage} />
      <Route path="/keys" component={KeysPage} />
      <Route path="/connect" component={ConnectPage} />
      <Route path="/connect/:tool" component={ConnectPage} />
      <Route path="/providers" component={ProvidersPage} />
      <Route path="/routes" component={RoutesPage} />
      <Route path="/playground" component={PlaygroundPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route>
        <EmptyState icon="search" title="No such page">
          <p>
            That address does not lead anywhere. <a href="#/">Go to the overview</a>.
          </p>
        </EmptyState>
      </Route>
    </Switch>
    </Suspense>
  );
}

function Gate() {
  const { signedOut } = useAdmin();
  if (signedOut) return <SignedOut />;
  return (
    <LiveProvider>
      <Tooltip.Provider>
        <Router hook={useHashPath}>
          <Shell>
            <Pages />
          </Shell>
        </Router>
      </Tooltip.Provider>
    </LiveProvider>
  );
}

export function App({ auth, client }: { auth: AdminAuth; client?: AdminClient }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AdminProvider auth={auth} {...(client ? { client } : {})}>
        <Gate />
      </AdminProvider>
    </QueryClientProvider>
  );
}
