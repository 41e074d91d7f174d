// `molegen inspect <config>`: the resolved config (every default filled in) and the device plan:
// cores and their work, circular buffers, L1 per core —
// followed by the device cost model's view of it (modeled time, roofline bound and ratio, the
// bottleneck stream, or the reason the plan is far from the bound).

import { modelPlan } from '../cost/plan-cost.ts';
import { printCost } from '../cost/print.ts';
import { printPlan } from '../plan/print.ts';
import { loadChecked, loadWeights, planFor } from '../pipeline.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export async function inspectCommand(args: { config: string; format: OutputFormat }): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const plan = planFor(loaded.config, loadWeights(loaded).stateDict);
    const cost = modelPlan(plan);
    if (args.format === 'json') {
      const { tensors, ...rest } = plan;
      const plainTensors = tensors.map(({ values: _values, ...t }) => t);
      const costSummary = {
        seconds: cost.seconds,
        seqPerSecond: cost.seqPerSecond,
        rooflineSeconds: cost.roofline.seconds,
        ratioToBound: cost.ratioToBound,
        limiter: cost.limiter,
        reason: cost.reason,
        l1BytesPerCore: cost.l1BytesPerCore,
        programs: cost.programs.map((p) => ({ name: p.name, seconds: p.seconds, limiter: p.limiter, dramBytes: p.dramBytes })),
      };
      process.stdout.write(`${JSON.stringify({ config: loaded.config, plan: { ...rest, tensors: plainTensors }, cost: costSummary }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`config ${loaded.configPath}:\n${JSON.stringify(loaded.config, null, 2)}\n\n`);
    process.stdout.write(`${printPlan(plan)}\n${printCost(plan, cost)}\n`);
    return 0;
  });
}
