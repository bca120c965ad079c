/**
 * A share of a budget or limit, coloured by how close it is (warn from `warnAt`, bad when reached). The
 * width is set through the CSSOM (React's style prop), which the CSP allows; inline style attributes it
 * does not.
 */
export function ProgressBar({ share, warnAt = 0.8, label }: { share: number; warnAt?: number; label: string }) {
  const clamped = Math.max(0, Math.min(1, share));
  const tone = share >= 1 ? 'bad' : share >= warnAt ? 'warn' : 'ok';
  return (
    <div className={`progress tone-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped * 100)}>
      <div className="progress-fill" style={{ width: `${clamped * 100}%` }} />
    </div>
  );
}
