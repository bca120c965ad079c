/**
 * Quitting drains the gateway: the first `before-quit` is held (preventDefault), `gateway.close()` lets
 * in-flight requests finish within `server.shutdownGraceMs` and then ends them; the wait is bounded by
 * `timeoutMs` in case anything hangs; then the app quits for real (that second `before-quit` passes).
 * Pure: the close, the quit and the timer are injected.
 */
export interface QuitDrainDeps {
  close(): Promise<void>;
  quit(): void;
  /** Upper bound on the drain (a little over the gateway's own grace period). */
  timeoutMs: number;
  onTimeout?(): void;
  onError?(error: unknown): void;
  setTimer?(callback: () => void, ms: number): { unref?(): unknown } | unknown;
}

export interface QuitDrain {
  /** The `before-quit` listener. */
  beforeQuit(event: { preventDefault(): void }): void;
  /** True from the first quit request on: windows close for real instead of hiding to the tray. */
  readonly quitting: boolean;
}

export function createQuitDrain(deps: QuitDrainDeps): QuitDrain {
  let state: 'running' | 'draining' | 'drained' = 'running';
  const setTimer = deps.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  return {
    get quitting() {
      return state !== 'running';
    },
    beforeQuit(event) {
      if (state === 'drained') return;
      event.preventDefault();
      if (state === 'draining') return;
      state = 'draining';
      const timedOut = new Promise<'timeout'>((resolve) => {
        setTimer(() => resolve('timeout'), deps.timeoutMs);
      });
      const closed = deps.close().then(
        () => 'closed' as const,
        (error: unknown) => {
          deps.onError?.(error);
          return 'closed' as const;
        },
      );
      void Promise.race([closed, timedOut]).then((outcome) => {
        if (outcome === 'timeout') deps.onTimeout?.();
        state = 'drained';
        deps.quit();
      });
    },
  };
}

/** The drain's bound: the gateway's grace period, plus the 5 s it allows aborted requests, plus slack. */
export function drainTimeoutMs(shutdownGraceMs: number): number {
  return shutdownGraceMs + 7_000;
}
