/**
 * Makes the admin client available to every component, and tracks whether the session ended (a 401 from
 * any call), in which case the app shows how to sign in again.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { AdminAuth } from './admin-auth';
import { createAdminClient, type AdminClient } from './admin-client';

interface AdminContextValue {
  client: AdminClient;
  signedOut: boolean;
  markSignedOut(): void;
}

const AdminContext = createContext<AdminContextValue | null>(null);

export function AdminProvider({ auth, client: given, children }: { auth: AdminAuth; client?: AdminClient; children: ReactNode }) {
  const [signedOut, setSignedOut] = useState(false);
  const markSignedOut = useCallback(() => setSignedOut(true), []);
  const client = useMemo(() => given ?? createAdminClient(auth, markSignedOut), [auth, given, markSignedOut]);
  const value = useMemo(() => ({ client, signedOut, markSignedOut }), [client, signedOut, markSignedOut]);
  return <AdminContext.Provider value={value}>{children}</AdminContext.Provider>;
}

export function useAdmin(): AdminContextValue {
  const value = useContext(AdminContext);
  if (!value) throw new Error('useAdmin outside AdminProvider');
  return value;
}
