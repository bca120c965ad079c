/** Turns an admin API failure into what happened and what to do about it. */
import { AdminApiError } from '../api/admin-client';

export interface Explained {
  title: string;
  detail: string;
  hint: string | null;
}

export function explainError(error: unknown): Explained {
  if (error instanceof AdminApiError) {
    if (error.status === 0) return { title: 'The gateway is not answering', detail: error.message, hint: 'Start it again (signalbox serve, or reopen the app); this page retries by itself.' };
    if (error.status === 401) return { title: 'Signed out', detail: error.message, hint: 'Open the link that signalbox serve printed: the admin token changes at every start.' };
    if (error.status === 404) return { title: 'Not found', detail: error.message, hint: 'It may have been deleted, or this gateway is older than this page expects.' };
    if (error.status === 503 && error.code === 'keychain_unavailable') return { title: 'The OS keychain is not available', detail: error.message, hint: 'Unlock or install a keychain (Secret Service on Linux), then try again.' };
    if (error.status >= 500) return { title: 'The gateway ran into a problem', detail: error.message, hint: 'Try again; if it persists, the gateway log (--log-level debug) says why.' };
    if (error.status === 400 || error.status === 409 || error.status === 422) {
      return { title: 'Not accepted', detail: error.message, hint: error.param ? `Check the field "${error.param}".` : null };
    }
    return { title: `Request failed (HTTP ${error.status})`, detail: error.message, hint: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Something went wrong', detail: message, hint: 'Reload the page; if it persists, the browser console has details.' };
}
