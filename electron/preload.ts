/** Preload: nothing is exposed to the page yet; the UI talks to the gateway over HTTP only. */
export {};
