/** A tiny trend line (requests per minute) drawn as plain SVG. */
import { sparklinePaths } from '../lib/sparkline';

export function Sparkline({ values, width = 120, height = 28, label }: { values: readonly number[]; width?: number; height?: number; label: string }) {
  const { line, area } = sparklinePaths(values, width, height);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="none">
      <path d={area} className="sparkline-area" />
      <path d={line} className="sparkline-line" />
    </svg>
  );
}
