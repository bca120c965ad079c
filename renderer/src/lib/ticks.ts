/** Round tick values from 0 up to `max`, about `count` steps of 1, 2, 2.5 or 5 times a power of ten: 0, 250, 500 … */
export function axisTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? raw;
  const ticks: number[] = [];
  for (let index = 0; index * step <= max * (1 + 1e-9); index++) ticks.push(Number((index * step).toPrecision(12)));
  return ticks;
}

