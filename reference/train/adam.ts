// Adam exactly as torch.optim.Adam's single-tensor path computes it (defaults β = (0.9, 0.999), eps 1e-8, no weight
// decay, no amsgrad): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + eps).
// Updates the state dict's tensors in place; knows nothing about models or schedules.

import type { StateDict } from '../weights.ts';
import type { Gradients } from './graph.ts';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly firstMoments = new Map<string, Float64Array>();
  private readonly secondMoments = new Map<string, Float64Array>();
  private steps = 0;

  constructor(options: AdamOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
  }

  get stepCount(): number {
    return this.steps;
  }

  step(stateDict: StateDict, gradients: Gradients, learningRate: number): void {
    this.steps += 1;
    const { beta1, beta2, eps } = this;
    const biasCorrection1 = 1 - beta1 ** this.steps;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** this.steps);
    const stepSize = learningRate / biasCorrection1;
    for (const [name, tensor] of stateDict) {
      const g = gradients.get(name);
      if (g === undefined) continue;
      let m = this.firstMoments.get(name);
      let v = this.secondMoments.get(name);
      if (m === undefined || v === undefined) {
        m = new Float64Array(g.length);
        v = new Float64Array(g.length);
        this.firstMoments.set(name, m);
        this.secondMoments.set(name, v);
      }
      const p = tensor.data;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! - (stepSize * mi) / (Math.sqrt(vi) / biasCorrection2Sqrt + eps);
      }
    }
  }
}

/**
 * lradj 'type1' (adjust_learning_rate after epoch e, 1-based, sets lr0·0.5^(e−1)): the rate used *during* epoch e is
 * lr0 for e = 1 and lr0·0.5^(e−2) for e ≥ 2. 'constant' keeps lr0.
 */
export function learningRateForEpoch(schedule: 'type1' | 'constant', initial: number, epoch: number): number {
  if (schedule === 'constant' || epoch <= 1) return initial;
  return initial * 0.5 ** (epoch - 2);
}
