// `molegen inspect <config>`: the resolved config (every default filled in) and the device plan:
// cores and their work, circular buffers, L1 per core —
// followed by the device cost model's view of it (modeled time, roofline bound and ratio, the
// bottleneck stream, or the reason the plan is far from the bound).

import { modelPlan } from '../cost/plan-cost.ts';
import { printCost } from '../cost/print.ts';
import { meshCost } from '../cost/scaling.ts';
import { formatSeconds } from '../cost/print.ts';
import { describeMesh } from '../plan/mesh.ts';
import { printPlan } from '../plan/print.ts';
import { planMeshProgram } from '../mesh-program.ts';
import { loadChecked, loadWeights } from '../pipeline.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export async function inspectCommand(args: { config: string; format: OutputFormat }): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const mesh = planMeshProgram(loaded.config, loadWeights(loaded).stateDict);
    const plan = mesh.plan;
    const cost = modelPlan(plan);
    const onMesh = loaded.config.target.mesh !== undefined;
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
      const meshSummary = onMesh ? { ...mesh.layout, perChipWeights: [...mesh.perChip.keys()] } : undefined;
      process.stdout.write(`${JSON.stringify({ config: loaded.config, plan: { ...rest, tensors: plainTensors }, cost: costSummary, mesh: meshSummary }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`config ${loaded.configPath}:\n${JSON.stringify(loaded.config, null, 2)}\n\n`);
    process.stdout.write(`${printPlan(plan)}\n${printCost(plan, cost)}\n`);
    if (onMesh) {
      const modeled = meshCost(loaded.config, mesh.layout.split);
      const parts = `inputs ${formatSeconds(modeled.writeSeconds)} + chip ${formatSeconds(modeled.deviceSeconds)} + forecasts ${formatSeconds(modeled.readSeconds)}`;
      process.stdout.write(
        `${describeMesh(mesh.layout, [...mesh.perChip.keys()]).join('\n')}\n` +
          `modeled forward on the ${modeled.topology.system}: ${formatSeconds(modeled.seconds)} (${parts}), ${modeled.seqPerSecond.toFixed(0)} seq/s; weights upload once: ${formatSeconds(modeled.weightUploadSeconds)}\n`,
      );
    }
    return 0;
  });
}
