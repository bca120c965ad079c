import { PageHeader } from '../../components/PageHeader';

export function RoutesPage() {
  return <PageHeader title="Routes" />;
}
