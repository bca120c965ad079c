/**
 * Thin wiring: the tray (menu bar) icon. The menu is trayMenuModel(status) turned into a template, the
 * icon is drawn by tray-icon.ts (no files shipped), and both refresh every few seconds and on every change.
 * The template is rebuilt only when the model changed, so an open menu is not replaced under the pointer.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { trayIconPngs, type TrayIconState } from './tray-icon.js';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayItem, type TrayStatus } from './tray-model.js';

export const TRAY_REFRESH_MS = 5_000;

export interface TrayController {
  refresh(): void;
  destroy(): void;
}

function icon(state: TrayIconState): NativeImage {
  const pngs = trayIconPngs(state, process.platform);
  const image = nativeImage.createEmpty();
  image.addRepresentation({ scaleFactor: 1, buffer: pngs.scale1 });
  image.addRepresentation({ scaleFactor: 2, buffer: pngs.scale2 });
  if (pngs.template) image.setTemplateImage(true);
  return image;
}

function toTemplate(items: TrayItem[], actions: Record<TrayAction, () => Promise<void> | void>): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      ...(item.type === 'checkbox' ? { checked: item.checked } : {}),
      ...(action ? { click: () => void actions[action]() } : {}),
    };
  });
}

export function createTray(status: () => TrayStatus, actions: Record<TrayAction, () => Promise<void> | void>): TrayController {
  const icons = { running: icon('running'), paused: icon('paused') };
  let current = status();
  const tray = new Tray(current.paused ? icons.paused : icons.running);
  let shown = '';
  const render = (): void => {
    current = status();
    tray.setImage(current.paused ? icons.paused : icons.running);
    tray.setToolTip(trayTooltip(current));
    const model = trayMenuModel(current);
    const key = JSON.stringify(model);
    if (key !== shown) {
      shown = key;
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(model, actions)));
    }
  };
  // Windows and most Linux trays: a click opens the window (the menu is on right-click).
  if (process.platform !== 'darwin') tray.on('click', () => void actions.open());
  render();
  const timer = setInterval(render, TRAY_REFRESH_MS);
  return {
    refresh: render,
    destroy() {
      clearInterval(timer);
      tray.destroy();
    },
  };
}
