/** A placeholder line while data loads (announced once to screen readers). */
export function Skeleton({ lines = 1, wide = false }: { lines?: number; wide?: boolean }) {
  return (
    <div className="skeleton-group" aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, index) => (
        <div key={index} className={`skeleton ${wide ? 'is-wide' : ''}`} />
      ))}
    </div>
  );
}
