// The JSON schema of the normalised MoleConfig (./config.ts), used by generator/validate with ajv.
// It is typed as JSONSchemaType<MoleConfig>, so tsc rejects any drift between the type and the schema
// (a renamed, added or retyped field fails the typecheck). Every property carries a `description`
// (a test checks this). Ranges that need other fields (topK ≤ K, kernelSize ≤ seqLen and odd, grid
// within the arch) are semantic rules in generator/validate/rules.ts, not here.
// Data only: no ajv instance, no validation logic.

import type { JSONSchemaType } from 'ajv';
import type {
  DLinearExperts,
  ExpertsConfig,
  MoleConfig,
  RevinOptions,
  RLinearExperts,
  RMLPExperts,
  RouterConfig,
  ShardingConfig,
  TargetConfig,
  WeightsConfig,
} from './config.ts';

/** Hard limits shared by the schema and by messages/hints. */
export const LIMITS = {
  experts: { min: 1, max: 16 },
  seqLen: { min: 2, max: 4096 },
  predLen: { min: 1, max: 4096 },
  channels: { min: 1, max: 4096 },
  batch: { min: 1, max: 1024 },
  kernelSize: { min: 3, max: 4095 },
  dModel: { min: 1, max: 8192 },
  routerHidden: { min: 1, max: 65536 },
  topK: { min: 1, max: 16 },
  gridSide: { min: 1, max: 64 },
  meshSide: { min: 1, max: 32 },
  meshChips: { max: 32 },
  seed: { min: 0, max: 0xffffffff },
} as const;

const revinSchema: JSONSchemaType<RevinOptions> = {
  type: 'object',
  description: 'Reversible instance normalisation (RevIN) options.',
  properties: {
    affine: { type: 'boolean', description: 'Learnable per-channel affine γ/β. Default true.' },
    enabled: { type: 'boolean', nullable: true, description: 'false: no RevIN (revin: false, the official --disable_rev).' },
  },
  required: ['affine'],
  additionalProperties: false,
};

const expertCountSchema = {
  type: 'integer',
  minimum: LIMITS.experts.min,
  maximum: LIMITS.experts.max,
  description: 'K, the number of experts (heads). 1..16.',
} as const;

const dlinearSchema: JSONSchemaType<DLinearExperts> = {
  type: 'object',
  description: 'MoLE-DLinear experts: series decomposition and two Linear(L, P·K) heads.',
  properties: {
    kind: { type: 'string', const: 'dlinear', description: "Expert kind 'dlinear'." },
    count: expertCountSchema,
    kernelSize: {
      type: 'integer',
      minimum: LIMITS.kernelSize.min,
      maximum: LIMITS.kernelSize.max,
      description: 'Moving-average kernel of the decomposition; odd and ≤ seqLen. Default 25.',
    },
    individual: { type: 'boolean', description: 'One set of expert weights per channel. Default false.' },
  },
  required: ['kind', 'count', 'kernelSize', 'individual'],
  additionalProperties: false,
};

const rlinearSchema: JSONSchemaType<RLinearExperts> = {
  type: 'object',
  description: 'MoLE-RLinear experts: RevIN and one Linear(L, P·K).',
  properties: {
    kind: { type: 'string', const: 'rlinear', description: "Expert kind 'rlinear'." },
    count: expertCountSchema,
    revin: revinSchema,
    dropout: {
      type: 'number',
      nullable: true,
      minimum: 0,
      exclusiveMaximum: 1,
      description: 'Input dropout probability while training (the official drop), [0, 1). Default 0.1.',
    },
  },
  required: ['kind', 'count', 'revin'],
  additionalProperties: false,
};

const rmlpSchema: JSONSchemaType<RMLPExperts> = {
  type: 'object',
  description: 'MoLE-RMLP experts: RevIN, a residual time-MLP, then one Linear(L, P·K).',
  properties: {
    kind: { type: 'string', const: 'rmlp', description: "Expert kind 'rmlp'." },
    count: expertCountSchema,
    dModel: {
      type: 'integer',
      minimum: LIMITS.dModel.min,
      maximum: LIMITS.dModel.max,
      description: 'Hidden width of the residual time-MLP. Default 512.',
    },
    revin: revinSchema,
  },
  required: ['kind', 'count', 'dModel', 'revin'],
  additionalProperties: false,
};

const expertsSchema: JSONSchemaType<ExpertsConfig> = {
  type: 'object',
  description: 'The experts; `kind` selects the variant.',
  discriminator: { propertyName: 'kind' },
  oneOf: [dlinearSchema, rlinearSchema, rmlpSchema],
};

const routerSchema: JSONSchemaType<RouterConfig> = {
  type: 'object',
  description: 'The MLP gate that weights the experts per (sample, channel).',
  properties: {
    kind: { type: 'string', const: 'mlp', description: "Router kind 'mlp'." },
    input: {
      type: 'string',
      enum: ['time', 'stats'],
      description: "'time': time features of the first input step (official). 'stats': per-channel mean/std/min/max.",
    },
    hidden: {
      type: 'integer',
      minimum: LIMITS.routerHidden.min,
      maximum: LIMITS.routerHidden.max,
      description: 'Hidden width of the router MLP. Default K·C.',
    },
    activation: { type: 'string', enum: ['relu'], description: "Activation between the router layers. Default 'relu'." },
    topK: {
      type: 'integer',
      minimum: LIMITS.topK.min,
      maximum: LIMITS.topK.max,
      description: 'Experts kept per (sample, channel), 1..K. Default K (dense).',
    },
    headDropout: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      description: 'Head-dropout probability on router logits (training only), [0, 1). Default 0.',
    },
    noise: {
      type: 'object',
      nullable: true,
      description: 'Noisy top-k gating during training. Absent: no noise.',
      properties: {
        std: { type: 'number', minimum: 0, description: 'Std of the Gaussian noise added to router logits (≥ 0).' },
      },
      required: ['std'],
      additionalProperties: false,
    },
  },
  required: ['kind', 'input', 'hidden', 'activation', 'topK', 'headDropout'],
  additionalProperties: false,
};

const gridSideSchema = {
  type: 'integer',
  minimum: LIMITS.gridSide.min,
  maximum: LIMITS.gridSide.max,
} as const;

const targetSchema: JSONSchemaType<TargetConfig> = {
  type: 'object',
  description: 'The Tenstorrent device and how it computes.',
  properties: {
    arch: { type: 'string', enum: ['wormhole_b0', 'blackhole'], description: "Architecture: 'wormhole_b0' or 'blackhole'." },
    grid: {
      type: 'array',
      description: 'Cores used, [x, y] from logical core (0,0); must fit the compute grid.',
      items: [
        { ...gridSideSchema, description: 'Cores along x (columns).' },
        { ...gridSideSchema, description: 'Cores along y (rows).' },
      ],
      minItems: 2,
      maxItems: 2,
    },
    dtype: { type: 'string', enum: ['bf16', 'fp32'], description: "Activation dtype. Default 'bf16'." },
    weightDtype: {
      type: 'string',
      enum: ['bf16', 'fp32', 'bfp8_b'],
      description: 'Weight dtype. Default: the activation dtype.',
    },
    mathFidelity: {
      type: 'string',
      enum: ['LoFi', 'HiFi2', 'HiFi3', 'HiFi4'],
      description: "Matmul fidelity. Default 'HiFi4'.",
    },
    fp32DestAcc: { type: 'boolean', description: 'Accumulate in fp32 DST registers. Default false.' },
    mesh: {
      type: 'array',
      nullable: true,
      description: 'Chips, [rows, cols] of a mesh; absent: one chip.',
      items: [
        { type: 'integer', minimum: LIMITS.meshSide.min, maximum: LIMITS.meshSide.max, description: 'Mesh rows.' },
        { type: 'integer', minimum: LIMITS.meshSide.min, maximum: LIMITS.meshSide.max, description: 'Mesh columns.' },
      ],
      minItems: 2,
      maxItems: 2,
    },
    split: {
      type: 'string',
      nullable: true,
      enum: ['batch', 'channels', 'auto'],
      description: "How work spreads over the mesh: 'batch' (data-parallel), 'channels' or 'auto'.",
    },
  },
  required: ['arch', 'grid', 'dtype', 'weightDtype', 'mathFidelity', 'fp32DestAcc'],
  additionalProperties: false,
};

const shardingSchema: JSONSchemaType<ShardingConfig> = {
  type: 'object',
  description: 'How tensors are spread over the cores.',
  properties: {
    strategy: {
      type: 'string',
      enum: ['interleaved', 'height', 'width', 'block', 'auto'],
      description: "Sharding strategy. Default 'interleaved'.",
    },
    weights: { type: 'string', enum: ['dram', 'l1'], description: "Where the weights live between calls. Default 'dram'." },
    activations: {
      type: 'string',
      nullable: true,
      enum: ['dram', 'l1'],
      description: "Where the tensors a forward writes live when the strategy does not shard them: 'l1' interleaved over every core's bank, or 'dram'. Default: 'l1' when they fit.",
    },
    expertGroups: {
      type: 'integer',
      nullable: true,
      minimum: 1,
      maximum: 64,
      description: "Cores over which each output tile's experts are split (owner and helpers). Default: chosen by the cost model.",
    },
  },
  required: ['strategy', 'weights'],
  additionalProperties: false,
};

const weightsSchema: JSONSchemaType<WeightsConfig> = {
  type: 'object',
  description: 'Where the weights come from; `kind` selects the source.',
  discriminator: { propertyName: 'kind' },
  oneOf: [
    {
      type: 'object',
      description: 'A .safetensors checkpoint.',
      properties: {
        kind: { type: 'string', const: 'checkpoint', description: "Source kind 'checkpoint'." },
        path: { type: 'string', minLength: 1, description: 'Path of the .safetensors file, relative to the config file.' },
      },
      required: ['kind', 'path'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'Deterministic random weights.',
      properties: {
        kind: { type: 'string', const: 'random', description: "Source kind 'random'." },
        seed: {
          type: 'integer',
          minimum: LIMITS.seed.min,
          maximum: LIMITS.seed.max,
          description: 'PRNG seed, a 32-bit non-negative integer. Default 0.',
        },
      },
      required: ['kind', 'seed'],
      additionalProperties: false,
    },
  ],
};

/** The schema of the normalised MoleConfig. */
export const moleConfigSchema: JSONSchemaType<MoleConfig> = {
  $id: 'https://molegen.dev/schema/mole-config.json',
  type: 'object',
  description: 'A MoLE forecaster compiled by molegen.',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
      description: "Model name for generated files: letters, digits, '.', '_' and '-', starting with a letter or digit.",
    },
    input: {
      type: 'object',
      description: 'The input series.',
      properties: {
        seqLen: {
          type: 'integer',
          minimum: LIMITS.seqLen.min,
          maximum: LIMITS.seqLen.max,
          description: 'L, the input window length. 2..4096.',
        },
        channels: {
          type: 'integer',
          minimum: LIMITS.channels.min,
          maximum: LIMITS.channels.max,
          description: 'C, the number of channels. 1..4096.',
        },
        freq: {
          type: 'string',
          enum: ['h', 't', 's', 'd', 'b', 'w', 'm'],
          description: "Series frequency; decides the router's time features. Default 'h'.",
        },
      },
      required: ['seqLen', 'channels', 'freq'],
      additionalProperties: false,
    },
    predLen: {
      type: 'integer',
      minimum: LIMITS.predLen.min,
      maximum: LIMITS.predLen.max,
      description: 'P, the forecast horizon. 1..4096.',
    },
    batch: {
      type: 'integer',
      minimum: LIMITS.batch.min,
      maximum: LIMITS.batch.max,
      description: 'B, the compiled batch size. 1..1024. Default 1.',
    },
    experts: expertsSchema,
    router: routerSchema,
    target: targetSchema,
    sharding: shardingSchema,
    weights: weightsSchema,
  },
  required: ['name', 'input', 'predLen', 'batch', 'experts', 'router', 'target', 'sharding', 'weights'],
  additionalProperties: false,
};
