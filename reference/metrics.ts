// Forecast metrics exactly as utils/metrics.py defines them (mole-model.md §7), over pred and true of shape
// [N, P, C] (row-major), in whatever space the caller passes (the standard is the scaled space).
// CORR is not Pearson: per (p, c) it is Σₙ(t−t̄)(y−ȳ) / (√Σₙ(t−t̄)²(y−ȳ)² + 1e-12), then 0.01·mean over channels,
// giving one value per horizon step. This module only computes numbers; it does not choose windows.

export interface ForecastMetrics {
  mae: number;
  mse: number;
  rmse: number;
  /** Unstable on standardised data (division by values near 0); reported because the standard code does. */
  mape: number;
  mspe: number;
  rse: number;
  /** The standard CORR vector, one value per horizon step [P]. */
  corr: Float64Array;
  /** Mean of `corr` over the horizon (a convenience scalar; the standard code prints none). */
  corrMean: number;
}

export function forecastMetrics(pred: ArrayLike<number>, truth: ArrayLike<number>, predLen: number, channels: number): ForecastMetrics {
  const count = pred.length;
  if (truth.length !== count) throw new Error(`pred has ${count} values, true has ${truth.length}`);
  const stepValues = predLen * channels;
  if (count === 0 || count % stepValues !== 0) throw new Error(`${count} values are not a whole number of [P=${predLen}, C=${channels}] windows`);
  const windows = count / stepValues;

  let absSum = 0;
  let squareSum = 0;
  let absPercentSum = 0;
  let squarePercentSum = 0;
  let truthSum = 0;
  for (let i = 0; i < count; i++) {
    const t = truth[i]!;
    const e = pred[i]! - t;
    absSum += Math.abs(e);
    squareSum += e * e;
    const relative = e / t;
    absPercentSum += Math.abs(relative);
    squarePercentSum += relative * relative;
    truthSum += t;
  }
  const truthMean = truthSum / count;
  let spread = 0;
  for (let i = 0; i < count; i++) spread += (truth[i]! - truthMean) ** 2;
  const mse = squareSum / count;

  // CORR: means over the window axis, then per (p, c) the ratio, then 0.01·mean over channels.
  const predMean = new Float64Array(stepValues);
  const trueMean = new Float64Array(stepValues);
  for (let n = 0; n < windows; n++) {
    for (let j = 0; j < stepValues; j++) {
      predMean[j]! += pred[n * stepValues + j]!;
      trueMean[j]! += truth[n * stepValues + j]!;
    }
  }
  for (let j = 0; j < stepValues; j++) {
    predMean[j] = predMean[j]! / windows;
    trueMean[j] = trueMean[j]! / windows;
  }
  const numerator = new Float64Array(stepValues);
  const denominatorSquared = new Float64Array(stepValues);
  for (let n = 0; n < windows; n++) {
    for (let j = 0; j < stepValues; j++) {
      const a = truth[n * stepValues + j]! - trueMean[j]!;
      const b = pred[n * stepValues + j]! - predMean[j]!;
      numerator[j]! += a * b;
      denominatorSquared[j]! += a * a * b * b;
    }
  }
  const corr = new Float64Array(predLen);
  for (let p = 0; p < predLen; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const j = p * channels + c;
      sum += numerator[j]! / (Math.sqrt(denominatorSquared[j]!) + 1e-12);
    }
    corr[p] = (0.01 * sum) / channels;
  }
  let corrSum = 0;
  for (let p = 0; p < predLen; p++) corrSum += corr[p]!;

  return {
    mae: absSum / count,
    mse,
    rmse: Math.sqrt(mse),
    mape: absPercentSum / count,
    mspe: squarePercentSum / count,
    rse: Math.sqrt(squareSum) / Math.sqrt(spread),
    corr,
    corrMean: corrSum / predLen,
  };
}

export interface ExpertUsage {
  experts: number;
  channels: number;
  /** Mean gate per channel and expert, [C][K]. */
  meanGate: number[][];
  /** Share of windows in which the expert is among the kept top-k, per channel, [C][K] (all 1 for dense routing). */
  selectedShare: number[][];
  /** Share of windows in which the expert has the largest gate, per channel, [C][K]. */
  dominantShare: number[][];
  /** Mean gate over channels by hour of day of the window's first input step, [24][K] (NaN where no window falls). */
  byHourOfDay: number[][];
  /** The same by day of week (Monday = 0), [7][K]. */
  byDayOfWeek: number[][];
}

/**
 * Expert-usage statistics over windows: gates [N, C, K] (0 for experts not kept), kept [N, C, K] (1 kept), and the
 * hour of day / day of week of each window's first input step.
 */
export function expertUsage(
  gates: ArrayLike<number>,
  kept: ArrayLike<number>,
  windows: number,
  channels: number,
  experts: number,
  hourOfDay: ArrayLike<number>,
  dayOfWeek: ArrayLike<number>,
): ExpertUsage {
  const C = channels;
  const K = experts;
  const grid = (rows: number): number[][] => Array.from({ length: rows }, () => new Array<number>(K).fill(0));
  const meanGate = grid(C);
  const selectedShare = grid(C);
  const dominantShare = grid(C);
  const hourSums = grid(24);
  const daySums = grid(7);
  const hourCounts = new Array<number>(24).fill(0);
  const dayCounts = new Array<number>(7).fill(0);
  for (let n = 0; n < windows; n++) {
    const hour = hourOfDay[n]!;
    const day = dayOfWeek[n]!;
    hourCounts[hour]! += C;
    dayCounts[day]! += C;
    for (let c = 0; c < C; c++) {
      const base = (n * C + c) * K;
      let best = 0;
      for (let k = 0; k < K; k++) {
        const g = gates[base + k]!;
        meanGate[c]![k]! += g / windows;
        if (kept[base + k]) selectedShare[c]![k]! += 1 / windows;
        if (g > gates[base + best]!) best = k;
        hourSums[hour]![k]! += g;
        daySums[day]![k]! += g;
      }
      dominantShare[c]![best]! += 1 / windows;
    }
  }
  const average = (sums: number[][], counts: number[]) => sums.map((row, i) => row.map((v) => (counts[i]! > 0 ? v / counts[i]! : Number.NaN)));
  return { experts: K, channels: C, meanGate, selectedShare, dominantShare, byHourOfDay: average(hourSums, hourCounts), byDayOfWeek: average(daySums, dayCounts) };
}
