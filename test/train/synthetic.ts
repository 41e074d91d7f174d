// Synthetic hourly data for training tests (test support only): three channels with daily and weekly cycles.

/** Three channels with daily and weekly cycles plus deterministic noise, hourly from 2021-01-04 (a Monday). */
export function syntheticSeriesCsv(rows: number): string {
  const lines = ['date,load,temp,OT'];
  let state = 12345;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (let r = 0; r < rows; r++) {
    const d = new Date(Date.UTC(2021, 0, 4) + r * 3600_000);
    const stamp = `${d.toISOString().slice(0, 10)} ${String(d.getUTCHours()).padStart(2, '0')}:00:00`;
    const day = Math.sin((2 * Math.PI * r) / 24);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 1 : 0;
    lines.push(`${stamp},${(10 + 3 * day + 2 * weekend + noise()).toFixed(4)},${(5 + Math.cos((2 * Math.PI * r) / 24) + 0.5 * noise()).toFixed(4)},${(20 + 4 * day * (1 - weekend) + noise()).toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}
