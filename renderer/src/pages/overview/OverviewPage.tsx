/** Overview: is it running, where to point tools, the headline numbers, providers, the latest requests. */
import { useClientKeys, useStatus } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { formatSpan } from '../../lib/format';
import { EndpointCard } from './EndpointCard';
import { FirstRunBanner } from './FirstRunBanner';
import { OverviewStats } from './OverviewStats';
import { ProviderHealthPanel } from './ProviderHealthPanel';
import { RecentRequests } from './RecentRequests';
import './overview.css';

export function OverviewPage() {
  const status = useStatus();
  const keys = useClientKeys();
  const activeKeys = keys.data?.data.filter((key) => key.revokedAt === null).length;
  const description = status.data
    ? `Signalbox ${status.data.version} has been running for ${formatSpan(status.data.uptimeMs)} at ${location.host}.`
    : status.isError
      ? 'The gateway is not answering.'
      : 'Checking the gateway…';
  return (
    <div className="stack">
      <PageHeader title="Overview" description={description} />
      <FirstRunBanner />
      <EndpointCard keyCount={activeKeys} />
      <OverviewStats />
      <div className="grid-3-1">
        <RecentRequests />
        <ProviderHealthPanel />
      </div>
    </div>
  );
}
