// `molegen run --weights` takes an official single-head checkpoint directly (LTSF-Linear DLinear names, written the
// way PyTorch's safetensors export orders them) and forecasts what DLinear computes; a checkpoint for the wrong
// horizon fails naming the tensor and both shapes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { movingAverageInto } from '../../reference/fold.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import { createRandom } from '../../reference/random.ts';
import { writeSafetensors } from '../../reference/safetensors.ts';
import { makeTensor, type Tensor } from '../../reference/tensor.ts';
import { molegen } from '../support/molegen-cli.ts';

const [B, L, P, C] = [2, 30, 8, 3];
const CONFIG = `import { defineMoLE, experts, router, target, weights } from 'molegen';
export default defineMoLE({
  name: 'cli-dlinear', input: { seqLen: ${L}, channels: ${C}, freq: 'h' }, predLen: ${P}, batch: ${B},
  experts: experts.dlinear({ count: 1 }), router: router.mlp({}), target: target.wormhole({ grid: [1, 1] }),
  weights: weights.random({ seed: 1 }),
});
`;

function dlinearCheckpoint(rows: number, seed: number): Map<string, Tensor> {
  const random = createRandom(seed);
  const tensor = (shape: number[]) => makeTensor(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.fround(random.uniformIn(-0.3, 0.3))));
  return new Map([
    ['Linear_Seasonal.bias', tensor([rows])],
    ['Linear_Seasonal.weight', tensor([rows, L])],
    ['Linear_Trend.bias', tensor([rows])],
    ['Linear_Trend.weight', tensor([rows, L])],
  ]);
}

describe('molegen run --weights with an official DLinear checkpoint', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-ckpt-'));
  const config = path.join(dir, 'config.mts');
  writeFileSync(config, CONFIG);
  const random = createRandom(8);
  const x = Float32Array.from({ length: B * L * C }, () => random.normal());
  writeNpy(path.join(dir, 'x.npy'), [B, L, C], x);
  writeNpy(path.join(dir, 'marks.npy'), [B, 4], Float32Array.from({ length: B * 4 }, () => random.uniform() - 0.5));

  it('forecasts DLinear(x) = Ws·(x − trend) + bs + Wt·trend + bt', async () => {
    const tensors = dlinearCheckpoint(P, 3);
    writeSafetensors(path.join(dir, 'dlinear.safetensors'), tensors, { format: 'pt' });
    const result = await molegen('run', config, '--x', path.join(dir, 'x.npy'), '--marks', path.join(dir, 'marks.npy'), '--out', path.join(dir, 'y.npy'), '--weights', path.join(dir, 'dlinear.safetensors'));
    expect(result.exitCode, result.stderr).toBe(0);
    const y = readNpy(path.join(dir, 'y.npy')).data;
    const [ws, wt, bs, bt] = ['Linear_Seasonal.weight', 'Linear_Trend.weight', 'Linear_Seasonal.bias', 'Linear_Trend.bias'].map((n) => tensors.get(n)!.data) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const trend = new Float64Array(L);
    for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) {
      movingAverageInto(x, b * L * C + c, C, L, 25, trend);
      for (let p = 0; p < P; p++) {
        let value = bs[p]! + bt[p]!;
        for (let l = 0; l < L; l++) value += ws[p * L + l]! * (x[(b * L + l) * C + c]! - trend[l]!) + wt[p * L + l]! * trend[l]!;
        expect(y[(b * P + p) * C + c]).toBeCloseTo(value, 4); // y.npy is float32
      }
    }
  });

  it('names the tensor, the expected and the found shape when the checkpoint is for another horizon', async () => {
    writeSafetensors(path.join(dir, 'p12.safetensors'), dlinearCheckpoint(12, 3));
    const result = await molegen('run', config, '--x', path.join(dir, 'x.npy'), '--marks', path.join(dir, 'marks.npy'), '--out', path.join(dir, 'y2.npy'), '--weights', path.join(dir, 'p12.safetensors'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error MG4010: tensor 'Linear_Seasonal.weight': expected [${P}, ${L}], found [12, ${L}]`);
  });
});
