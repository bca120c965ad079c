/**
 * Spend over time as stacked bars (Recharts: SVG only, no injected styles; loaded on demand, since it is the
 * largest dependency and only this page needs it).
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from '../../app/use-theme';
import type { Bucket } from '../../lib/ranges';
import { chartPalette } from '../../lib/theme';
import { axisTicks } from '../../lib/ticks';
import { axisUsd, bucketLabel } from './axis-labels';
import { OTHER, type StackedSpend } from './chart-data';
import { SpendTooltip } from './SpendTooltip';

export default function SpendChart({ data, bucket, utc }: { data: StackedSpend; bucket: Bucket; utc: boolean }) {
  const { theme } = useTheme();
  const palette = chartPalette(theme);
  const grid = theme === 'dark' ? '#23252c' : '#e3e5ea';
  const text = theme === 'dark' ? '#868c99' : '#6b7280';
  // Round ticks ($0, $1, $2 … or $0.0025 steps) over the tallest stack, rather than Recharts' own.
  const tallest = Math.max(0, ...data.points.map((point) => data.series.reduce((sum, name) => sum + (point[name] ?? 0), 0)));
  const ticks = axisTicks(tallest * 1.05 || 1, 4);
  const top = ticks[ticks.length - 1] ?? 1;
  const yTicks = top < tallest ? [...ticks, top + (ticks[1] ?? top)] : ticks;
  return (
    <div className="spend-chart" data-testid="spend-chart" data-series={data.series.join(',')}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={bucket === 'hour' ? '18%' : '28%'}>
          <CartesianGrid vertical={false} stroke={grid} />
          <XAxis dataKey="start" tickFormatter={(value: number) => bucketLabel(value, bucket, utc)} tick={{ fill: text, fontSize: 12 }} tickLine={false} axisLine={{ stroke: grid }} minTickGap={16} />
          <YAxis tickFormatter={axisUsd} ticks={yTicks} domain={[0, yTicks[yTicks.length - 1] ?? 'auto']} tick={{ fill: text, fontSize: 12 }} tickLine={false} axisLine={false} width={56} />
          <Tooltip content={(props) => <SpendTooltip active={props.active} payload={props.payload} label={props.label} bucket={bucket} utc={utc} />} cursor={{ fill: theme === 'dark' ? 'rgba(255,255,255,0.04)' : 'rgba(0,0,0,0.04)' }} isAnimationActive={false} />
          {data.series.length > 1 && <Legend verticalAlign="bottom" height={28} iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12, color: text }} />}
          {data.series.map((name, index) => (
            <Bar
              key={name}
              dataKey={name}
              name={name}
              stackId="spend"
              fill={name === OTHER ? palette[palette.length - 1] : palette[index % (palette.length - 1)]}
              radius={index === data.series.length - 1 ? [3, 3, 0, 0] : 0}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
