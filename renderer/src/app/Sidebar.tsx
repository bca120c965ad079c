/** The page list, grouped (watch / set up), with each page's shortcut on hover. */
import { Link, useLocation } from 'wouter';
import { Icon } from '../components/Icon';
import { Kbd } from '../components/Kbd';
import { activeNav, NAV } from './nav';

const GROUPS = [
  { id: 'observe', label: 'Observe' },
  { id: 'configure', label: 'Set up' },
] as const;

export function Sidebar({ version }: { version: string | undefined }) {
  const [location] = useLocation();
  const active = activeNav(location);
  return (
    <nav className="sidebar" aria-label="Pages">
      <Link href="/" className="brand" aria-label="Signalbox overview">
        <img src="./favicon.svg" alt="" width={22} height={22} />
        <span>Signalbox</span>
      </Link>
      {GROUPS.map((group) => (
        <div key={group.id} className="nav-group">
          <div className="nav-group-label">{group.label}</div>
          <ul>
            {NAV.filter((item) => item.group === group.id).map((item) => (
              <li key={item.path}>
                <Link href={item.path} className={`nav-item ${active === item ? 'is-active' : ''}`} aria-current={active === item ? 'page' : undefined}>
                  <Icon name={item.icon} />
                  <span>{item.label}</span>
                  <span className="nav-shortcut" aria-hidden="true">
                    <Kbd>g</Kbd>
                    <Kbd>{item.key}</Kbd>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="sidebar-foot">
        <span>{version ? `v${version}` : ''}</span>
        <span className="muted">
          <Kbd>?</Kbd> shortcuts
        </span>
      </div>
    </nav>
  );
}
