/** Playground: today the routing preview; composing and sending requests with fault injection is coming. */
import { ComingNote } from '../../components/ComingNote';
import { PageHeader } from '../../components/PageHeader';
import { RoutingPreviewPanel } from './RoutingPreviewPanel';
import './playground.css';

export function PlaygroundPage() {
  return (
    <div className="stack">
      <PageHeader title="Playground" description="Try routing decisions before real traffic depends on them." />
      <RoutingPreviewPanel />
      <ComingNote>
        Next here: compose a request in any dialect and send it, watch the streamed answer and its attempt timeline, inject failures (429, 500, timeouts, a stream cut mid-way) for that request only to
        watch retries, circuit breakers and fallbacks, and compare 2–4 models side by side on latency, tokens and cost.
      </ComingNote>
    </div>
  );
}
