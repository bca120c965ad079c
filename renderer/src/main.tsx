import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeAdminToken } from './admin-token';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App token={takeAdminToken(window.location, window.sessionStorage, window.history)} />
    </StrictMode>,
  );
}
