import { PageHeader } from '../../components/PageHeader';

export function ConnectPage() {
  return <PageHeader title="Connect" />;
}
