/** The bar above every page: where you are, whether it is live, the gateway's state, theme, sign-out. */
import { useLocation } from 'wouter';
import { Icon } from '../components/Icon';
import { GatewayStatus } from './GatewayStatus';
import { LiveIndicator } from './LiveIndicator';
import { activeNav } from './nav';
import { SignOutButton } from './SignOutButton';
import { ThemeMenu } from './ThemeMenu';

export function Header() {
  const [path] = useLocation();
  const page = activeNav(path);
  return (
    <header className="topbar">
      <div className="topbar-title">
        <span className="topbar-host mono">{location.host}</span>
        <Icon name="chevronRight" size={14} />
        <span>{page?.label ?? 'Not found'}</span>
      </div>
      <div className="topbar-actions">
        <LiveIndicator />
        <GatewayStatus />
        <ThemeMenu />
        <SignOutButton />
      </div>
    </header>
  );
}
