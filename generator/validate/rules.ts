// Semantic rules (MG3xxx, MG4xxx): what the schema cannot say because it depends on several fields,
// on the target or on the file system. Each rule reads only fields it has checked the type of, so all
// rules can run on a config that also has schema errors, and skips a field that already has one
// (one problem, one diagnostic). Every finding names the instancePath of the property to fix.
// Rules only report; they never change the config.

import { existsSync, statSync } from 'node:fs';
import { ARCHS } from '../../dsl/index.ts';
import type { Arch, MoleConfig } from '../../dsl/config.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { estimateL1PerCore } from './l1-budget.ts';
import { meshFindings } from './mesh-rules.ts';
import { chipShareConfig } from '../plan/mesh.ts';

export interface RuleFinding {
  instancePath: string;
  diagnostic: Omit<Diagnostic, 'file' | 'line' | 'column'>;
}

export interface RuleContext {
  /** True when the schema already reported a problem at or below this path. */
  hasSchemaError(instancePath: string): boolean;
  /** True when the whole config passed the schema (rules that need every field may run). */
  schemaValid: boolean;
  resolvePath(p: string): string;
}

type Rule = (config: Record<string, unknown>, context: RuleContext) => RuleFinding[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const section = (config: Record<string, unknown>, key: string): Record<string, unknown> => {
  const value = config[key];
  return isObject(value) ? value : {};
};

const topKWithinExperts: Rule = (config, context) => {
  const topK = section(config, 'router').topK;
  const count = section(config, 'experts').count;
  if (!isInt(topK) || !isInt(count) || topK <= count) return [];
  if (context.hasSchemaError('/router/topK') || context.hasSchemaError('/experts/count')) return [];
  return [
    {
      instancePath: '/router/topK',
      diagnostic: {
        code: 'MG3001',
        severity: 'error',
        message: `router.topK is ${topK} but there are only ${count} experts (experts.count)`,
        hint: `set topK to at most ${count} (topK = ${count} is the dense router), or raise experts.count to ${topK}`,
      },
    },
  ];
};

const expertGroupsFit: Rule = (config, context) => {
  const shardingSection = section(config, 'sharding');
  const groups = shardingSection.expertGroups;
  const count = section(config, 'experts').count;
  if (!isInt(groups) || groups === 1 || context.hasSchemaError('/sharding/expertGroups')) return [];
  const problem =
    isInt(count) && groups > count
      ? `sharding.expertGroups is ${groups} but there are only ${count} experts (experts.count)`
      : shardingSection.strategy !== 'interleaved' && shardingSection.strategy !== 'auto'
        ? `sharding.expertGroups needs interleaved activations (the strategy is '${String(shardingSection.strategy)}')`
        : shardingSection.weights === 'l1'
          ? "sharding.expertGroups needs the weights in DRAM (weights: 'l1' keeps each core's shard resident)"
          : undefined;
  if (problem === undefined) return [];
  return [
    {
      instancePath: '/sharding/expertGroups',
      diagnostic: {
        code: 'MG3015',
        severity: 'error',
        message: problem,
        hint: 'leave expertGroups out to let the cost model choose, or use sharding.interleaved() with DRAM weights and at most experts.count groups',
      },
    },
  ];
};

const gridFitsTarget: Rule = (config, context) => {
  const target = section(config, 'target');
  const grid = target.grid;
  const arch = target.arch;
  if (typeof arch !== 'string' || !(arch in ARCHS) || !Array.isArray(grid) || !grid.every(isInt)) return [];
  if (context.hasSchemaError('/target/grid')) return [];
  const [maxX, maxY] = ARCHS[arch as Arch].computeGrid;
  const [x, y] = grid as number[];
  const badAxis = (x ?? 0) > maxX ? 0 : (y ?? 0) > maxY ? 1 : -1;
  if (badAxis < 0) return [];
  return [
    {
      instancePath: `/target/grid/${badAxis}`,
      diagnostic: {
        code: 'MG3002',
        severity: 'error',
        message: `target.grid [${grid.join(', ')}] does not fit the ${arch} compute grid ${maxX}×${maxY}`,
        hint: `use a grid of at most [${maxX}, ${maxY}]${arch === 'wormhole_b0' && ((x ?? 0) <= 13 && (y ?? 0) <= 10) ? ', or target.blackhole(...) for a 13×10 grid' : ''}`,
      },
    },
  ];
};

const kernelSizeFitsWindow: Rule = (config, context) => {
  const experts = section(config, 'experts');
  const kernelSize = experts.kernelSize;
  const seqLen = section(config, 'input').seqLen;
  if (experts.kind !== 'dlinear' || !isInt(kernelSize) || context.hasSchemaError('/experts/kernelSize')) return [];
  const findings: RuleFinding[] = [];
  if (kernelSize % 2 === 0) {
    findings.push({
      instancePath: '/experts/kernelSize',
      diagnostic: {
        code: 'MG3003',
        severity: 'error',
        message: `experts.kernelSize must be odd (got ${kernelSize}); the centred moving average pads (k−1)/2 steps on each side`,
        hint: `use ${kernelSize - 1} or ${kernelSize + 1} (the official DLinear uses 25)`,
      },
    });
  }
  if (isInt(seqLen) && !context.hasSchemaError('/input/seqLen') && kernelSize > seqLen) {
    const largest = seqLen % 2 === 1 ? seqLen : seqLen - 1;
    findings.push({
      instancePath: '/experts/kernelSize',
      diagnostic: {
        code: 'MG3004',
        severity: 'error',
        message: `experts.kernelSize (${kernelSize}) is longer than the input window input.seqLen (${seqLen})`,
        hint: `use an odd kernelSize ≤ ${largest}, or a longer seqLen`,
      },
    });
  }
  return findings;
};

const individualOnlyForDLinear: Rule = (config) => {
  const experts = section(config, 'experts');
  if (!('individual' in experts) || experts.kind === 'dlinear' || typeof experts.kind !== 'string') return [];
  return [
    {
      instancePath: '/experts/individual',
      diagnostic: {
        code: 'MG3005',
        severity: 'error',
        message: `experts.individual is only supported by DLinear experts, not '${experts.kind}'`,
        hint: `remove 'individual' (the official ${experts.kind} code has no working per-channel path), or use experts.dlinear(...)`,
      },
    },
  ];
};

const dtypeCombinations: Rule = (config) => {
  const target = section(config, 'target');
  if (target.dtype !== 'fp32') return [];
  const findings: RuleFinding[] = [];
  if (target.weightDtype === 'bfp8_b') {
    findings.push({
      instancePath: '/target/weightDtype',
      diagnostic: {
        code: 'MG3006',
        severity: 'error',
        message: "target.weightDtype 'bfp8_b' cannot be used with fp32 activations (target.dtype 'fp32')",
        hint: "use weightDtype 'fp32' or 'bf16' with fp32 activations, or dtype 'bf16' with bfp8_b weights",
      },
    });
  }
  if (target.mathFidelity === 'LoFi') {
    findings.push({
      instancePath: '/target/mathFidelity',
      diagnostic: {
        code: 'MG3007',
        severity: 'warning',
        message: "target.mathFidelity 'LoFi' with fp32 activations keeps only the top mantissa bits of each product",
        hint: "use 'HiFi4' (or 'HiFi2') with fp32 activations, or bf16 activations for LoFi",
      },
    });
  }
  if (target.fp32DestAcc === false) {
    findings.push({
      instancePath: '/target/fp32DestAcc',
      diagnostic: {
        code: 'MG3008',
        severity: 'error',
        message: 'fp32 activations (target.dtype \'fp32\') need fp32 accumulation in DST, but target.fp32DestAcc is false',
        hint: 'add `fp32DestAcc: true` to the target, or use dtype \'bf16\'',
      },
    });
  }
  return findings;
};

const freqMatchesOfficialCode: Rule = (config) => {
  const kind = section(config, 'experts').kind;
  const freq = section(config, 'input').freq;
  const input = section(config, 'router').input;
  if ((kind !== 'rlinear' && kind !== 'rmlp') || input !== 'time' || typeof freq !== 'string' || freq === 'h') return [];
  return [
    {
      instancePath: '/input/freq',
      diagnostic: {
        code: 'MG3009',
        severity: 'warning',
        message: `input.freq '${freq}' gives the router a different number of time features than the official MoLE-${kind === 'rlinear' ? 'RLinear' : 'RMLP'}, which hard-codes 4 (freq 'h')`,
        hint: "official checkpoints for this model were trained with freq 'h'; use it to load them (every paper run does)",
      },
    },
  ];
};

const l1Budget: Rule = (config, context) => {
  if (!context.schemaValid) return [];
  const mole = config as unknown as MoleConfig;
  const arch = ARCHS[mole.target.arch];
  const [maxX, maxY] = arch.computeGrid;
  if (mole.target.grid[0] > maxX || mole.target.grid[1] > maxY) return [];
  let estimate: ReturnType<typeof estimateL1PerCore>;
  try {
    estimate = estimateL1PerCore(chipShareConfig(mole));
  } catch {
    return []; // another rule reports what makes this config unplannable
  }
  const { perCoreBytes, breakdown } = estimate;
  if (perCoreBytes <= arch.l1BytesPerCore) return [];
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const parts = Object.entries(breakdown)
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`)
    .join(', ');
  const residentWeights = mole.sharding.weights === 'l1';
  return [
    {
      instancePath: residentWeights ? '/sharding/weights' : '/sharding',
      diagnostic: {
        code: 'MG3010',
        severity: 'error',
        message: `the plan needs ${kib(perCoreBytes)} of L1 per core, more than the ${kib(arch.l1BytesPerCore)} of a ${mole.target.arch} core (${parts})`,
        hint: residentWeights
          ? "keep the weights in DRAM (`weights: 'dram'`), spread them over more cores (interleaved/width/block), or use bfp8_b weights"
          : 'use a larger grid, a smaller batch, or a sharding strategy that splits the activations (height/block)',
      },
    },
  ];
};

const checkpointFile: Rule = (config, context) => {
  const weights = section(config, 'weights');
  const file = weights.path;
  if (weights.kind !== 'checkpoint' || typeof file !== 'string' || file === '') return [];
  const findings: RuleFinding[] = [];
  if (!file.endsWith('.safetensors')) {
    findings.push({
      instancePath: '/weights/path',
      diagnostic: {
        code: 'MG4002',
        severity: 'error',
        message: `weights.checkpoint '${file}' is not a .safetensors file`,
        hint: 'convert the PyTorch checkpoint with safetensors.torch.save_file(model.state_dict(), "model.safetensors")',
      },
    });
  }
  const resolved = context.resolvePath(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    findings.push({
      instancePath: '/weights/path',
      diagnostic: {
        code: 'MG4001',
        severity: 'error',
        message: `weights.checkpoint '${file}' does not exist (looked for ${resolved})`,
        hint: 'relative checkpoint paths resolve against the config file\'s directory; or use weights.random({ seed })',
      },
    });
  }
  return findings;
};

export const RULES: readonly Rule[] = [
  topKWithinExperts,
  expertGroupsFit,
  gridFitsTarget,
  kernelSizeFitsWindow,
  individualOnlyForDLinear,
  dtypeCombinations,
  freqMatchesOfficialCode,
  l1Budget,
  checkpointFile,
  meshFindings,
];

export function ruleFindings(config: unknown, context: RuleContext): RuleFinding[] {
  if (!isObject(config)) return [];
  return RULES.flatMap((rule) => rule(config, context));
}
