/** A request's outcome as a badge: running, the HTTP status, or the error kind. */
import type { RowStatus } from '../lib/trace-row';
import { formatErrorKind } from '../lib/format';
import { Badge } from './Badge';

export function RequestStatus({ status, httpStatus, errorKind }: { status: RowStatus; httpStatus: number | null; errorKind: string | null }) {
  if (status === 'running') {
    return (
      <Badge tone="info" dot>
        running
      </Badge>
    );
  }
  if (status === 'cancelled') return <Badge tone="warn">cancelled</Badge>;
  if (status === 'error') {
    return (
      <Badge tone="bad" title={`${errorKind ?? 'error'}${httpStatus ? ` · HTTP ${httpStatus}` : ''}`}>
        {errorKind ? formatErrorKind(errorKind) : `HTTP ${httpStatus ?? '?'}`}
      </Badge>
    );
  }
  return <Badge tone="ok">{httpStatus ?? 200}</Badge>;
}
