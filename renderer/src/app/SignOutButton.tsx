/** Ends the browser session (the desktop window has no session to end: its token comes from the app). */
import { useState } from 'react';
import { useAdmin } from '../api/AdminProvider';
import { Icon } from '../components/Icon';
import { toast } from '../lib/toast-store';

export function SignOutButton() {
  const { client, markSignedOut } = useAdmin();
  const [busy, setBusy] = useState(false);
  if (client.auth.kind !== 'cookie') return null;
  const signOut = async () => {
    setBusy(true);
    try {
      await client.send('DELETE', '/admin/session');
      markSignedOut();
    } catch (error) {
      toast('Could not sign out', { tone: 'bad', detail: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button-icon" onClick={() => void signOut()} disabled={busy} aria-label="Sign out" title="Sign out">
      <Icon name="logout" />
    </button>
  );
}
