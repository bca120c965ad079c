/** The pages, in sidebar order, with their `g <key>` shortcut. */
import type { IconName } from '../components/Icon';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
  /** Second key of the `g <key>` shortcut. */
  key: string;
  group: 'observe' | 'configure';
}

export const NAV: NavItem[] = [
  { path: '/', label: 'Overview', icon: 'overview', key: 'o', group: 'observe' },
  { path: '/traces', label: 'Traces', icon: 'traces', key: 't', group: 'observe' },
  { path: '/costs', label: 'Costs', icon: 'costs', key: 'c', group: 'observe' },
  { path: '/keys', label: 'Keys', icon: 'keys', key: 'k', group: 'configure' },
  { path: '/connect', label: 'Connect', icon: 'connect', key: 'n', group: 'configure' },
  { path: '/providers', label: 'Providers', icon: 'providers', key: 'p', group: 'configure' },
  { path: '/routes', label: 'Routes', icon: 'routes', key: 'r', group: 'configure' },
  { path: '/playground', label: 'Playground', icon: 'playground', key: 'y', group: 'configure' },
  { path: '/settings', label: 'Settings', icon: 'settings', key: 's', group: 'configure' },
];

/** The item a location belongs to (`/traces/sbr_1` → Traces), or undefined for an unknown page. */
export function activeNav(path: string): NavItem | undefined {
  if (path === '/' || path === '') return NAV[0];
  return NAV.find((item) => item.path !== '/' && (path === item.path || path.startsWith(`${item.path}/`)));
}
