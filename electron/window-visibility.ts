/**
 * Tray-app window behaviour, pure over a minimal window interface: closing the window hides it (the
 * gateway keeps serving; a one-time hint says so), unless the app is quitting; a second launch, the tray's
 * "Open Signalbox" or the dock icon reveal it again.
 */
export interface HideableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  hide(): void;
  focus(): void;
}

export interface CloseToTrayDeps {
  isQuitting(): boolean;
  hintShown(): boolean;
  /** Shows the "still running in the tray" hint (a notification) and remembers it was shown. */
  showHint(): void;
}

/** The window's `close` listener. */
export function createCloseToTray(window: Pick<HideableWindow, 'hide'>, deps: CloseToTrayDeps): (event: { preventDefault(): void }) => void {
  return (event) => {
    if (deps.isQuitting()) return;
    event.preventDefault();
    window.hide();
    if (!deps.hintShown()) deps.showHint();
  };
}

/** Brings the window to the front: restored if minimized, shown if hidden, focused. */
export function revealWindow(window: HideableWindow | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
  return true;
}

export const TRAY_HINT = {
  title: 'Signalbox is still running',
  body: 'The gateway keeps serving your tools in the background. Open Signalbox or quit it from the tray icon.',
} as const;

/** Where the hint points to: "menu bar" on macOS, "tray" elsewhere. */
export function trayHint(platform: NodeJS.Platform): { title: string; body: string } {
  return platform === 'darwin' ? { title: TRAY_HINT.title, body: TRAY_HINT.body.replace('tray icon', 'menu bar icon') } : { ...TRAY_HINT };
}
