// The `molegen eval` HTML report: one self-contained page (inline CSS and SVG, no scripts, no network) with the
// test metrics (all windows and drop_last), MSE per horizon step, forecast-vs-truth plots for a few windows and
// channels, and expert-usage heatmaps (mean gate per channel and expert; by hour of day; by day of week).
// It renders a finished evaluation; it computes nothing that the JSON result does not already hold.

import type { ExpertUsage, ForecastMetrics } from '../../reference/metrics.ts';
import { heatmap, lineChart } from './svg.ts';

export interface ForecastSample {
  window: number;
  channel: string;
  date: string;
  /** The last input steps (history), then the truth and forecast over the horizon. */
  history: number[];
  truth: number[];
  forecast: number[];
}

export interface EvalReportData {
  title: string;
  subtitle: string;
  channels: string[];
  metricsAll: ForecastMetrics;
  metricsDropLast: ForecastMetrics;
  dropLast: { batchSize: number; windows: number; totalWindows: number };
  naiveMse: number;
  msePerStep: number[];
  usage: ExpertUsage;
  samples: ForecastSample[];
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderEvalReport(data: EvalReportData): string {
  const { usage } = data;
  const expertLabels = Array.from({ length: usage.experts }, (_, k) => `E${k}`);
  const row = (label: string, m: ForecastMetrics) =>
    `<tr><td>${escape(label)}</td>${[m.mse, m.mae, m.rmse, m.rse, m.corrMean].map((v) => `<td>${v.toFixed(4)}</td>`).join('')}</tr>`;
  const samples = data.samples
    .map((s) =>
      lineChart(
        `window ${s.window} (${s.date}), ${s.channel}`,
        [
          { label: 'history', values: s.history, color: '#555' },
          { label: 'truth', values: s.truth, offset: s.history.length, color: '#1f77b4' },
          { label: 'forecast', values: s.forecast, offset: s.history.length, color: '#d62728', dashed: true },
        ],
        { marker: s.history.length, xLabel: 'step (scaled values)' },
      ),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(data.title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 8px 0 16px; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.chart-title { font-size: 12px; font-weight: 600; } .tick, .legend { font-size: 10px; fill: #444; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; }
</style></head>
<body>
<h1>${escape(data.title)}</h1>
<p>${escape(data.subtitle)}</p>
<h2>Test metrics (scaled space)</h2>
<table id="metrics"><tr><th>windows</th><th>MSE</th><th>MAE</th><th>RMSE</th><th>RSE</th><th>CORR (mean)</th></tr>
${row(`all ${data.dropLast.totalWindows}`, data.metricsAll)}
${row(`drop_last (batch ${data.dropLast.batchSize}): ${data.dropLast.windows}`, data.metricsDropLast)}
</table>
<p>Naive repeat-last-value forecast: MSE ${data.naiveMse.toFixed(4)}.</p>
<h2>MSE per horizon step</h2>
<div class="grid">${lineChart('MSE by horizon step', [{ label: 'MSE', values: data.msePerStep, color: '#2ca02c' }], { xLabel: 'horizon step' })}</div>
<h2>Forecast vs truth</h2>
<div class="grid" id="forecasts">${samples}</div>
<h2>Expert usage</h2>
<div class="grid" id="usage">
${heatmap('mean gate per channel and expert', usage.meanGate, data.channels, expertLabels, { max: 1 })}
${heatmap('share of windows where the expert dominates', usage.dominantShare, data.channels, expertLabels, { max: 1 })}
${heatmap('mean gate by hour of day', usage.byHourOfDay, Array.from({ length: 24 }, (_, h) => `${h}:00`), expertLabels, { max: 1, cell: 18 })}
${heatmap('mean gate by day of week', usage.byDayOfWeek, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], expertLabels, { max: 1 })}
</div>
</body></html>
`;
}
