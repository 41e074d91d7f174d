// The DSL: builder defaults, defineMoLE's derived defaults, the facts tables, the schema being
// documented, and random valid configs passing the schema.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Node, Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import {
  ARCHS,
  defineMoLE,
  experts,
  isMoleConfig,
  router,
  routerInputSize,
  sharding,
  target,
  timeFeatureCount,
  weights,
  type Freq,
  type MoleConfig,
} from 'molegen';
import { LIMITS, moleConfigSchema } from '../../dsl/schema.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const minimal = () =>
  defineMoLE({
    name: 'minimal',
    input: { seqLen: 96, channels: 7 },
    predLen: 24,
    experts: experts.dlinear({ count: 4 }),
    router: router.mlp(),
  });

describe('defineMoLE defaults', () => {
  it('fills every default of a minimal config', () => {
    expect(JSON.parse(JSON.stringify(minimal()))).toEqual({
      name: 'minimal',
      input: { seqLen: 96, channels: 7, freq: 'h' },
      predLen: 24,
      batch: 1,
      experts: { kind: 'dlinear', count: 4, kernelSize: 25, individual: false },
      router: { kind: 'mlp', input: 'time', hidden: 28, activation: 'relu', topK: 4, headDropout: 0 },
      target: { arch: 'wormhole_b0', grid: [8, 8], dtype: 'bf16', weightDtype: 'bf16', mathFidelity: 'HiFi4', fp32DestAcc: false },
      sharding: { strategy: 'interleaved', weights: 'dram' },
      weights: { kind: 'random', seed: 0 },
    });
  });

  it('derives router.hidden = K·C and topK = K, but keeps values that were given', () => {
    const derived = defineMoLE({
      name: 'd', input: { seqLen: 32, channels: 21 }, predLen: 8,
      experts: experts.rlinear({ count: 3 }), router: router.mlp(),
    });
    expect(derived.router.hidden).toBe(63);
    expect(derived.router.topK).toBe(3);
    const given = defineMoLE({
      name: 'g', input: { seqLen: 32, channels: 21 }, predLen: 8,
      experts: experts.rlinear({ count: 3 }), router: router.mlp({ hidden: 100, topK: 1 }),
    });
    expect(given.router.hidden).toBe(100);
    expect(given.router.topK).toBe(1);
  });

  it('builders fill their own defaults', () => {
    expect(experts.rlinear({ count: 2 })).toEqual({ kind: 'rlinear', count: 2, revin: { affine: true } });
    expect(experts.rmlp({ count: 2, revin: { affine: false } })).toEqual({ kind: 'rmlp', count: 2, dModel: 512, revin: { affine: false } });
    expect(target.blackhole()).toEqual({ arch: 'blackhole', grid: [13, 10], dtype: 'bf16', weightDtype: 'bf16', mathFidelity: 'HiFi4', fp32DestAcc: false });
    expect(target.wormhole({ dtype: 'fp32' }).weightDtype).toBe('fp32');
    expect(target.wormhole({ dtype: 'bf16', weightDtype: 'bfp8_b' }).weightDtype).toBe('bfp8_b');
    expect(sharding.block({ weights: 'l1' })).toEqual({ strategy: 'block', weights: 'l1' });
    expect(weights.random()).toEqual({ kind: 'random', seed: 0 });
    expect(weights.checkpoint('./w.safetensors')).toEqual({ kind: 'checkpoint', path: './w.safetensors' });
    expect(router.mlp({ noise: { std: 0.5 } }).noise).toEqual({ std: 0.5 });
  });

  it('marks its result without making it less plain: the brand is a hidden symbol', () => {
    const config = minimal();
    expect(isMoleConfig(config)).toBe(true);
    expect(isMoleConfig(JSON.parse(JSON.stringify(config)))).toBe(false);
    expect(Object.keys(config)).toEqual(['name', 'input', 'predLen', 'batch', 'experts', 'router', 'target', 'sharding', 'weights']);
  });
});

describe('facts', () => {
  it('ARCHS has the grids and L1 sizes of the targets', () => {
    expect(ARCHS.wormhole_b0.computeGrid).toEqual([8, 8]);
    expect(ARCHS.wormhole_b0.l1BytesPerCore).toBe(1464 * 1024);
    expect(ARCHS.blackhole.computeGrid).toEqual([13, 10]);
    expect(ARCHS.blackhole.l1BytesPerCore).toBe(1536 * 1024);
  });

  it('timeFeatureCount follows the timeF feature sets', () => {
    const counts: Record<Freq, number> = { h: 4, t: 5, s: 6, d: 3, b: 3, w: 2, m: 1 };
    for (const [freq, count] of Object.entries(counts)) expect(timeFeatureCount(freq as Freq)).toBe(count);
  });

  it("routerInputSize is F for 'time' and 4·C for 'stats'", () => {
    const base = { name: 'r', input: { seqLen: 32, channels: 5, freq: 't' as const }, predLen: 8, experts: experts.dlinear({ count: 2, kernelSize: 3 }) };
    expect(routerInputSize(defineMoLE({ ...base, router: router.mlp() }))).toBe(5);
    expect(routerInputSize(defineMoLE({ ...base, router: router.mlp({ input: 'stats' }) }))).toBe(20);
  });
});

describe('schema', () => {
  type SchemaNode = Record<string, unknown>;
  const undocumented = (node: SchemaNode, at: string): string[] => {
    const missing: string[] = [];
    if (typeof node.description !== 'string' || node.description.length < 5) missing.push(at || '/');
    for (const [name, child] of Object.entries((node.properties as Record<string, SchemaNode> | undefined) ?? {})) {
      missing.push(...undocumented(child, `${at}/${name}`));
    }
    for (const [i, branch] of ((node.oneOf as SchemaNode[] | undefined) ?? []).entries()) missing.push(...undocumented(branch, `${at}(oneOf ${i})`));
    if (Array.isArray(node.items)) for (const [i, item] of (node.items as SchemaNode[]).entries()) missing.push(...undocumented(item, `${at}/${i}`));
    return missing;
  };

  it('documents every property', () => {
    expect(undocumented(moleConfigSchema as unknown as SchemaNode, '')).toEqual([]);
  });

  it('every field a user writes or reads has TSDoc (config type, builder options, defineMoLE)', () => {
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const missing: string[] = [];
    for (const file of ['dsl/config.ts', 'dsl/index.ts']) {
      const source = project.addSourceFileAtPath(path.join(repo, file));
      for (const declaration of source.getInterfaces()) {
        if (declaration.getName() === 'RouterSpec') continue; // internal hand-over type, built only by router.mlp
        for (const property of declaration.getProperties()) {
          if (property.getJsDocs().length === 0) missing.push(`${file}: ${declaration.getName()}.${property.getName()}`);
        }
      }
      for (const statement of source.getVariableStatements()) {
        const initializer = statement.getDeclarations()[0]?.getInitializer();
        if (!initializer || !Node.isObjectLiteralExpression(initializer)) continue;
        for (const builder of initializer.getProperties()) {
          const documented = builder.getLeadingCommentRanges().some((c) => c.getText().startsWith('/**'));
          if (!documented) missing.push(`${file}: ${statement.getDeclarations()[0]?.getName()}.${builder.getText().split(/[(:]/)[0]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('accepts 300 random valid configs', () => {
    let state = 2021;
    const random = (): number => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
    const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)] as T;
    const validate = new Ajv({ allErrors: true, strict: true, discriminator: true }).compile(moleConfigSchema);

    for (let i = 0; i < 300; i++) {
      const seqLen = int(LIMITS.seqLen.min, LIMITS.seqLen.max);
      const count = int(1, 16);
      const kind = pick(['dlinear', 'rlinear', 'rmlp'] as const);
      const expertSpec =
        kind === 'dlinear'
          ? experts.dlinear({ count, kernelSize: Math.max(3, 2 * int(1, Math.floor((seqLen - 1) / 2)) + 1), individual: random() < 0.5 })
          : kind === 'rlinear'
            ? experts.rlinear({ count, revin: { affine: random() < 0.5 } })
            : experts.rmlp({ count, dModel: int(1, 8192) });
      const arch = pick(['wormhole', 'blackhole'] as const);
      const strategy = pick(['interleaved', 'height', 'width', 'block', 'auto'] as const);
      const config: MoleConfig = defineMoLE({
        name: `random-${i}`,
        input: { seqLen, channels: int(1, 64), freq: pick(['h', 't', 's', 'd', 'b', 'w', 'm'] as const) },
        predLen: int(1, 4096),
        batch: int(1, 1024),
        experts: expertSpec,
        router: router.mlp({
          input: pick(['time', 'stats'] as const),
          topK: int(1, count),
          headDropout: random() * 0.99,
          ...(random() < 0.3 ? { noise: { std: random() } } : {}),
        }),
        target: target[arch]({ grid: [int(1, 8), int(1, 8)], dtype: pick(['bf16', 'fp32'] as const), mathFidelity: pick(['LoFi', 'HiFi2', 'HiFi3', 'HiFi4'] as const), fp32DestAcc: random() < 0.5 }),
        sharding: sharding[strategy]({ weights: pick(['dram', 'l1'] as const) }),
        weights: random() < 0.5 ? weights.random({ seed: int(0, 2 ** 32 - 1) }) : weights.checkpoint(`w${i}.safetensors`),
      });
      const ok = validate(config);
      expect(ok ? [] : validate.errors, JSON.stringify(config)).toEqual([]);
    }
  });
});
