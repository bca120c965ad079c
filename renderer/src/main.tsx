import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveAdminAuth } from './api/admin-auth';
import './api/desktop-bridge';
import { App } from './app/App';
import { applyInitialTheme } from './app/use-theme';
import './styles/index.css';

applyInitialTheme();
const root = document.getElementById('root');
if (root) {
  void resolveAdminAuth(window.signalbox).then((auth) =>
    createRoot(root).render(
      <StrictMode>
        <App auth={auth} />
      </StrictMode>,
    ),
  );
}
