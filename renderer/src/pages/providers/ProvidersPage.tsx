import { PageHeader } from '../../components/PageHeader';

export function ProvidersPage() {
  return <PageHeader title="Providers" />;
}
