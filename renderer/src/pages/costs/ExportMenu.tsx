/** CSV downloads of what the page shows: usage by time and by the chosen dimension, and the raw requests. */
import { DropdownMenu } from 'radix-ui';
import { useAdmin } from '../../api/AdminProvider';
import { Icon } from '../../components/Icon';
import { downloadFile } from '../../lib/download';
import { toast } from '../../lib/toast-store';
import { DIMENSIONS, type Dimension } from './chart-data';

export function ExportMenu({ bounds, bucket, dimension }: { bounds: () => { from: number; to: number }; bucket: 'hour' | 'day'; dimension: Dimension }) {
  const { client } = useAdmin();
  const download = (path: string, name: string) => downloadFile(client, path, name).catch((error: Error) => toast('Export failed', { tone: 'bad', detail: error.message }));
  const usage = (groupBy: string) => {
    const { from, to } = bounds();
    void download(`/admin/usage?${new URLSearchParams({ from: String(from), to: String(to), groupBy, format: 'csv' }).toString()}`, `signalbox-usage-${groupBy}.csv`);
  };
  const dimensionLabel = DIMENSIONS.find((entry) => entry.value === dimension)?.label.toLowerCase() ?? dimension;
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="button">
        <Icon name="download" />
        Export CSV
        <Icon name="chevronDown" size={14} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Item className="menu-item" onSelect={() => usage(bucket)}>
            Usage by {bucket === 'hour' ? 'hour' : 'day'} (UTC)
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => usage(dimension)}>
            Usage by {dimensionLabel}
          </DropdownMenu.Item>
          <DropdownMenu.Item
            className="menu-item"
            onSelect={() => {
              const { from, to } = bounds();
              void download(`/admin/requests?${new URLSearchParams({ from: String(from), to: String(to), limit: '1000', format: 'csv' }).toString()}`, 'signalbox-requests.csv');
            }}
          >
            Requests (latest 1,000)
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
