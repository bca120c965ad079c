import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { resolveAdminAuth } from './admin-auth';
import './styles.css';

const root = document.getElementById('root');
declare global {
  interface Window {
    /** Present in the desktop window only (electron/preload.ts). */
    signalbox?: { adminToken(): Promise<string | null> };
  }
}

if (root) {
  void resolveAdminAuth(window.signalbox).then((auth) =>
    createRoot(root).render(
      <StrictMode>
        <App auth={auth} />
      </StrictMode>,
    ),
  );
}
