// Small inline-SVG chart builders for the HTML reports: a line chart (several series over a shared x axis) and a
// heatmap (rows × columns of values in [0, max]). Output is a self-contained <svg> string with <title> tooltips;
// no scripts, no external resources. Knows nothing about MoLE.

export interface LineSeries {
  label: string;
  /** y values; x is the index plus `offset`. NaN leaves a gap. */
  values: ArrayLike<number>;
  offset?: number;
  color: string;
  dashed?: boolean;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fixed = (v: number): string => (Math.round(v * 100) / 100).toString();

export function lineChart(title: string, series: LineSeries[], options: { width?: number; height?: number; xLabel?: string; marker?: number } = {}): string {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const margin = { left: 48, right: 12, top: 26, bottom: 34 };
  let xMax = 1;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    xMax = Math.max(xMax, (s.offset ?? 0) + s.values.length - 1);
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v)) {
        yMin = Math.min(yMin, v);
        yMax = Math.max(yMax, v);
      }
    }
  }
  if (!Number.isFinite(yMin)) [yMin, yMax] = [0, 1];
  if (yMax - yMin < 1e-9) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const px = (x: number) => margin.left + (x / xMax) * plotWidth;
  const py = (y: number) => margin.top + (1 - (y - yMin) / (yMax - yMin)) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`);
  parts.push(`<title>${escape(title)}</title>`);
  parts.push(`<text x="${margin.left}" y="16" class="chart-title">${escape(title)}</text>`);
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#bbb"/>`);
  for (const tick of [yMin, (yMin + yMax) / 2, yMax]) {
    parts.push(`<text x="${margin.left - 4}" y="${fixed(py(tick) + 4)}" text-anchor="end" class="tick">${tick.toFixed(2)}</text>`);
  }
  for (const tick of [0, Math.round(xMax / 2), xMax]) {
    parts.push(`<text x="${fixed(px(tick))}" y="${height - margin.bottom + 14}" text-anchor="middle" class="tick">${tick}</text>`);
  }
  if (options.xLabel) parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 4}" text-anchor="middle" class="tick">${escape(options.xLabel)}</text>`);
  if (options.marker !== undefined) {
    parts.push(`<line x1="${fixed(px(options.marker))}" y1="${margin.top}" x2="${fixed(px(options.marker))}" y2="${margin.top + plotHeight}" stroke="#999" stroke-dasharray="3 3"/>`);
  }
  series.forEach((s, index) => {
    const points: string[] = [];
    const offset = s.offset ?? 0;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (Number.isFinite(v)) points.push(`${fixed(px(offset + i))},${fixed(py(v))}`);
    }
    parts.push(`<polyline class="series" data-label="${escape(s.label)}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${points.join(' ')}"><title>${escape(s.label)}</title></polyline>`);
    const legendX = margin.left + 8 + index * 130;
    parts.push(`<line x1="${legendX}" y1="${margin.top + 10}" x2="${legendX + 18}" y2="${margin.top + 10}" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(`<text x="${legendX + 22}" y="${margin.top + 14}" class="legend">${escape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Heatmap of values[row][col] from 0 (white) to `max` (dark blue); NaN cells are grey. */
export function heatmap(title: string, values: number[][], rowLabels: string[], columnLabels: string[], options: { max?: number; cell?: number } = {}): string {
  const cell = options.cell ?? 28;
  const left = 72;
  const top = 40;
  const width = Math.max(left + columnLabels.length * cell + 10, 8 + 6.5 * title.length);
  const height = top + rowLabels.length * cell + 10;
  const max = options.max ?? Math.max(1e-12, ...values.flat().filter(Number.isFinite));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`);
  parts.push(`<title>${escape(title)}</title>`);
  parts.push(`<text x="4" y="14" class="chart-title">${escape(title)}</text>`);
  columnLabels.forEach((label, c) => parts.push(`<text x="${left + c * cell + cell / 2}" y="${top - 6}" text-anchor="middle" class="tick">${escape(label)}</text>`));
  values.forEach((row, r) => {
    parts.push(`<text x="${left - 6}" y="${top + r * cell + cell / 2 + 4}" text-anchor="end" class="tick">${escape(rowLabels[r] ?? '')}</text>`);
    row.forEach((v, c) => {
      const t = Number.isFinite(v) ? Math.min(1, Math.max(0, v / max)) : -1;
      const fill = t < 0 ? '#ddd' : `rgb(${Math.round(255 - 215 * t)},${Math.round(255 - 175 * t)},${Math.round(255 - 80 * t)})`;
      parts.push(
        `<rect class="cell" x="${left + c * cell}" y="${top + r * cell}" width="${cell - 1}" height="${cell - 1}" fill="${fill}"><title>${escape(`${rowLabels[r]}, ${columnLabels[c]}: ${Number.isFinite(v) ? v.toFixed(3) : 'no data'}`)}</title></rect>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
