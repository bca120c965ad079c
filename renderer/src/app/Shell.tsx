/** The frame around every page: sidebar, header, the page, toasts and the shortcuts dialog. */
import { useCallback, useState, type ReactNode } from 'react';
import { useStatus } from '../api/queries';
import { Toaster } from '../components/Toaster';
import { Header } from './Header';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Sidebar } from './Sidebar';
import { useShortcuts } from './use-shortcuts';

export function Shell({ children }: { children: ReactNode }) {
  const status = useStatus();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  useShortcuts(openHelp);
  return (
    <>
    <div className="app">
      <a className="skip-link" href="#content" onClick={(event) => {
        event.preventDefault();
        document.getElementById('content')?.focus();
      }}>
        Skip to content
      </a>
      <Sidebar version={status.data?.version} />
      <div className="main">
        <Header />
        <main id="content" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
    <ShortcutsDialog open={help} onOpenChange={setHelp} />
    <Toaster />
    </>
  );
}
