// Semantic rules of a mesh target (MG3011–MG3014): at most 32 chips, and a split every chip gets work
// from — a batch split needs at least one sample per chip, a channel split at least one channel per chip
// and a router on time features (a router on window statistics reads every channel). Shares that do not
// divide evenly are padded, not refused. Like rules.ts, these only report; the shares themselves are
// generator/plan/mesh.ts's.

import type { MoleConfig } from '../../dsl/config.ts';
import { LIMITS } from '../../dsl/schema.ts';
import { chipCount, meshShape, splitProblem, type MeshSplitKind } from '../plan/mesh.ts';
import type { RuleContext, RuleFinding } from './rules.ts';

const SPLIT_CODES = { batch: 'MG3012', channels: 'MG3013', router: 'MG3014' } as const;
const SPLIT_PATHS = { batch: '/batch', channels: '/input/channels', router: '/target/split' } as const;

export function meshFindings(config: Record<string, unknown>, context: RuleContext): RuleFinding[] {
  if (!context.schemaValid) return [];
  const mole = config as unknown as MoleConfig;
  if (mole.target.mesh === undefined) return [];
  const [rows, cols] = meshShape(mole);
  if (rows * cols > LIMITS.meshChips.max) {
    return [
      {
        instancePath: '/target/mesh',
        diagnostic: {
          code: 'MG3011',
          severity: 'error',
          message: `target.mesh [${rows}, ${cols}] has ${rows * cols} chips; at most ${LIMITS.meshChips.max} (a Galaxy, 4×8) are supported`,
          hint: 'use target.galaxy() for 32 chips, target.t3k() for 8 or target.n300() for 2',
        },
      },
    ];
  }
  const split = mole.target.split ?? 'batch';
  const tried: MeshSplitKind[] = split === 'auto' ? ['batch', 'channels'] : [split];
  const problems = tried.map((s) => splitProblem(mole, s));
  if (problems.some((p) => p === undefined)) return [];
  // 'auto' with no feasible split: report why the default (batch) split fails.
  const problem = problems[0]!;
  return [
    {
      instancePath: SPLIT_PATHS[problem.field],
      diagnostic: { code: SPLIT_CODES[problem.field], severity: 'error', message: problem.message, hint: problem.hint },
    },
  ];
}

