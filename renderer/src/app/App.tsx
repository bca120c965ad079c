/** The app: data layer, live stream, hash router and the pages. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Tooltip } from 'radix-ui';
import { useState } from 'react';
import { Route, Router, Switch } from 'wouter';
import type { AdminAuth } from '../api/admin-auth';
import { AdminApiError, type AdminClient } from '../api/admin-client';
import { AdminProvider, useAdmin } from '../api/AdminProvider';
import { EmptyState } from '../components/EmptyState';
import { useHashPath } from '../lib/hash-location';
import { LiveProvider } from '../live/LiveProvider';
import { ConnectPage } from '../pages/connect/ConnectPage';
import { CostsPage } from '../pages/costs/CostsPage';
import { KeysPage } from '../pages/keys/KeysPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { PlaygroundPage } from '../pages/playground/PlaygroundPage';
import { ProvidersPage } from '../pages/providers/ProvidersPage';
import { RoutesPage } from '../pages/routes/RoutesPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
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

function Pages() {
  return (
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
