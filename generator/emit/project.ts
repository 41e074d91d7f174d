// Emits the generated CMake project for a plan as an ordered list of files (path → bytes):
//   CMakeLists.txt, host/{main.cpp, model.hpp, model.cpp, npy.hpp, python_module.cpp}, kernels/**, weights.bin,
//   manifest.json. Deterministic: the same config and weights give byte-identical files (no
//   timestamps, no absolute paths, tensors and files in a fixed order). Writing to disk is not
//   done here (see write-output.ts).

import { createHash } from 'node:crypto';
import type { MoleConfig } from '../../dsl/config.ts';
import type { Plan, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import { printPlan } from '../plan/print.ts';
import { describeMesh, meshLayout } from '../plan/mesh.ts';
import type { MeshProgram } from '../mesh-program.ts';
import * as cpp from './cpp.ts';
import * as meshHost from './mesh-host.ts';
import { pythonModuleName, renderPythonModule } from './python-module.ts';
import { readVerbatim, renderTemplate } from './templates.ts';
import { weightsFile } from './weights-file.ts';

export const MOLEGEN_VERSION = '0.1.0';

export interface GeneratedFile {
  path: string;
  contents: Buffer;
}

export interface EmitInput {
  config: MoleConfig;
  /** File name of the config (no directories: output must not depend on where the tree lives). */
  configFileName: string;
  plan: Plan;
  /** The chips and their shares; default one chip holding everything. */
  mesh?: Pick<MeshProgram, 'layout' | 'perChip'>;
  /** sha256 of the weights' source (checkpoint bytes, or the random seed). */
  weightsHash: string;
}

const KERNEL_FILES = [
  'kernels/common/block_read.hpp',
  'kernels/common/formats.hpp',
  'kernels/common/hidden_share.hpp',
  'kernels/common/logit_gather.hpp',
  'kernels/common/router_cbs.hpp',
  'kernels/common/semaphore.hpp',
  'kernels/common/series.hpp',
  'kernels/common/tile_math.hpp',
  'kernels/common/weight_share.hpp',
  'kernels/compute/experts.cpp',
  'kernels/compute/router.cpp',
  'kernels/dataflow/experts_reader.cpp',
  'kernels/dataflow/router_reader.cpp',
  'kernels/dataflow/router_writer.cpp',
  'kernels/dataflow/experts_writer.cpp',
];

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Canonical JSON (sorted keys) so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function configHash(config: MoleConfig): string {
  return sha256(canonicalJson(config));
}

/** Accessor args a buffer appends: 1 word for an interleaved buffer, more for a sharded one. */
function accessorArgs(plan: Plan, name: string): string {
  const tensor = plan.tensors.find((t) => t.name === name)!;
  const p = tensor.placement;
  if (p.memory === 'dram') return `${name}: TensorAccessorArgs, DRAM interleaved = [2]`;
  if (p.layout === 'interleaved') return `${name}: TensorAccessorArgs, L1 interleaved = [0]`;
  return `${name}: TensorAccessorArgs of an L1 ${p.layout}-sharded buffer (config word, rank, banks, shapes, bank coordinates)`;
}

/** The tensors each kernel reaches through a TensorAccessor, in the order of its compile-time args. */
function kernelTensors(plan: Plan): { routerReader: string[]; routerWriter: string[]; expertsReader: string[] } {
  const has = (name: string) => plan.tensors.some((t) => t.name === name);
  const revin = has('revin_rows');
  return {
    routerReader: [
      plan.routerInput === 'stats' ? 'x' : cpp.routerFeatures(plan), 'router_w0', 'router_w2', 'router_consts', 'logits',
      ...(revin ? ['x', 'revin_rows'] : []),
      ...(plan.routerLogits.kind === 'per row' ? ['router_gather_masks', 'router_gather_selects'] : []),
    ],
    routerWriter: ['logits', 'gates', ...(revin ? ['revin_stats'] : []), 'router_consts', 'router_selectors'],
    expertsReader: ['x', 'expert_weights', 'gates', ...(revin ? ['revin_stats'] : []), ...plan.tensors.filter((t) => t.name.startsWith('mlp_')).map((t) => t.name)],
  };
}

function kernelManifest(plan: Plan) {
  const fp32 = plan.numerics.activation === 'fp32' ? 1 : 0;
  const program = (name: string) => plan.programs.find((p) => p.name === name)!;
  const router = program('router');
  const experts = program('experts');
  const defines = (list: string[]) => Object.fromEntries(list.map((d) => [d, '1']));
  const inputs = kernelTensors(plan);
  return [
    { program: 'router', path: 'kernels/dataflow/router_reader.cpp', processor: 'ncrisc (RISCV_1)', noc: 'RISCV_1_default', compileArgs: [`activations fp32: ${fp32}`, ...inputs.routerReader.map((n) => accessorArgs(plan, n))], namedCompileArgs: {}, defines: defines(router.defines.reader) },
    { program: 'router', path: 'kernels/compute/router.cpp', processor: 'compute (trisc0-2)', compileArgs: [], namedCompileArgs: {}, defines: defines(router.defines.compute), computeConfig: { mathFidelity: 'HiFi4', fp32DestAcc: true, dstFullSync: false, mathApproxMode: false } },
    { program: 'router', path: 'kernels/dataflow/router_writer.cpp', processor: 'brisc (RISCV_0)', noc: 'RISCV_0_default', compileArgs: inputs.routerWriter.map((n) => accessorArgs(plan, n)), namedCompileArgs: {}, defines: defines(router.defines.writer) },
    { program: 'experts', path: 'kernels/dataflow/experts_reader.cpp', processor: 'ncrisc (RISCV_1)', noc: 'RISCV_1_default', compileArgs: [`activations fp32: ${fp32}`, ...inputs.expertsReader.map((n) => accessorArgs(plan, n))], namedCompileArgs: {}, defines: defines(experts.defines.reader) },
    { program: 'experts', path: 'kernels/compute/experts.cpp', processor: 'compute (trisc0-2)', compileArgs: [], namedCompileArgs: {}, defines: defines(experts.defines.compute), computeConfig: { mathFidelity: plan.numerics.mathFidelity, fp32DestAcc: plan.numerics.fp32DestAcc, dstFullSync: false, mathApproxMode: false } },
    { program: 'experts', path: 'kernels/dataflow/experts_writer.cpp', processor: 'brisc (RISCV_0)', noc: 'RISCV_0_default', compileArgs: [accessorArgs(plan, 'y'), accessorArgs(plan, 'expert_weights')], namedCompileArgs: {}, defines: defines(experts.defines.writer) },
  ];
}

export function emitProject(input: EmitInput): GeneratedFile[] {
  const { config, plan } = input;
  const mesh = input.mesh ?? { layout: meshLayout(config, 'batch'), perChip: new Map() };
  const hash = configHash(config);
  const executable = 'mole_runner';
  const banner = `// Generated by molegen ${MOLEGEN_VERSION} from ${input.configFileName} (${config.name}), config sha256:${hash.slice(0, 16)}.\n// Do not edit: regenerate with \`molegen build\`.`;
  const actFormat: TileFormat = plan.numerics.activation === 'fp32' ? 'Float32' : 'Float16_b';
  const weightFormat = plan.tensors.find((t) => t.name === 'expert_weights')!.format;
  const programOf = (name: string) => plan.programs.find((p) => p.name === name)!;
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const firstPlanLine = `${plan.programs.map((p) => `${p.name} ${count(p.tileGrid[0] * p.tileGrid[1], 'tile')} on ${count(p.work.length, 'core')}`).join(', ')}; ${plan.sharding.strategy} sharding, weights in ${plan.sharding.weights.toUpperCase()}; L1 peak ${plan.l1.peakBytes} B/core`;

  const text = new Map<string, string>();
  text.set(
    'CMakeLists.txt',
    renderTemplate('CMakeLists.txt.hbs', {
      cmakeBanner: banner.replaceAll('// ', '# '),
      modelName: config.name,
      projectName: config.name.replace(/[^A-Za-z0-9_]/g, '_'),
      executable,
      moduleName: pythonModuleName(config.name),
    }),
  );
  text.set('host/main.cpp', renderTemplate('host/main.cpp.hbs', { banner, executable }));
  text.set(
    'host/model.hpp',
    renderTemplate('host/model.hpp.hbs', {
      banner,
      modelName: config.name,
      meshDescription: meshHost.meshDescription(mesh.layout),
      shareDescription: meshHost.shareDescription(mesh.layout),
      modelShapeConstants: meshHost.modelShapeConstants(config, plan),
      shapeConstants: cpp.shapeConstants(plan),
      bufferMembers: cpp.bufferMembers(plan.tensors),
    }),
  );
  const router = programOf('router');
  const experts = programOf('experts');
  const inputs = kernelTensors(plan);
  text.set(
    'host/model.cpp',
    renderTemplate('host/model.cpp.hbs', {
      banner,
      planSummary: firstPlanLine,
      activationTypeName: actFormat === 'Float32' ? 'fp32' : 'bf16',
      weightTypeName: { Float16_b: 'bf16', Float32: 'fp32', Bfp8_b: 'bfp8_b' }[weightFormat],
      activationType: actFormat === 'Float32' ? 'float' : 'bfloat16',
      activationFormat: cpp.dataFormat(actFormat),
      weightFormat: cpp.dataFormat(weightFormat),
      activationTileBytes: cpp.u32(TILE_BYTES[actFormat]),
      weightTileBytes: cpp.u32(TILE_BYTES[weightFormat]),
      workTables: [cpp.routerWorkTable('kRouterWork', router), cpp.workTable('kExpertsWork', experts.work, plan.shape.experts)].join('\n\n'),
      deviceShares: meshHost.deviceSharesTable(mesh.layout),
      openMesh: meshHost.openMesh(mesh.layout),
      meshDescription: meshHost.meshDescription(mesh.layout),
      seriesRowExpression: cpp.seriesRowExpression(plan),
      bufferCreation: cpp.bufferCreation(plan.tensors),
      weightUploads: cpp.weightUploads(plan.tensors, new Set(mesh.perChip.keys())),
      routerCircularBuffers: cpp.circularBufferCalls(router.circularBuffers),
      routerReaderAccessors: cpp.accessorAppends(inputs.routerReader, 'reader_args'),
      routerWriterAccessors: cpp.accessorAppends(inputs.routerWriter, 'writer_args'),
      routerReaderConfig: cpp.dataMovementConfig(1, 'reader_args', router.defines.reader),
      routerReaderArgs: cpp.routerReaderArgs(plan),
      routerWriterConfig: cpp.dataMovementConfig(0, 'writer_args', router.defines.writer),
      routerComputeConfig: cpp.computeConfig('HiFi4', true, router.defines.compute),
      routerComputeArgs: cpp.routerComputeArgs(),
      routerWriterArgs: cpp.routerWriterArgs(plan),
      expertsCircularBuffers: cpp.circularBufferCalls(experts.circularBuffers, 'owners'),
      expertsReaderAccessors: cpp.accessorAppends(inputs.expertsReader, 'reader_args'),
      expertsReaderConfig: cpp.dataMovementConfig(1, 'reader_args', experts.defines.reader),
      expertsWriterConfig: cpp.dataMovementConfig(0, 'writer_args', experts.defines.writer),
      expertsComputeConfig: cpp.computeConfig(plan.numerics.mathFidelity, plan.numerics.fp32DestAcc, experts.defines.compute),
      expertsReaderArgs: cpp.expertsReaderArgs(plan),
      expertsComputeArgs: cpp.expertsComputeArgs(plan, experts),
      marksCheck: cpp.marksCheck(plan),
      workloadSetup: cpp.workloadSetup(plan),
      featuresStaging: cpp.featuresStaging(plan),
      featuresUpload: cpp.featuresUpload(plan),
    }),
  );
  text.set('host/python_module.cpp', renderPythonModule(config, banner));
  text.set('host/npy.hpp', readVerbatim('runtime-cpp/support/npy.hpp'));
  for (const kernel of KERNEL_FILES) text.set(kernel, readVerbatim(`templates/${kernel}`));
  text.set('plan.txt', `${[printPlan(plan), ...(config.target.mesh ? describeMesh(mesh.layout, [...mesh.perChip.keys()]) : [])].join('\n')}\n`);

  const files: GeneratedFile[] = [...text.entries()].map(([p, contents]) => ({ path: p, contents: Buffer.from(contents, 'utf8') }));
  files.push({ path: 'weights.bin', contents: weightsFile(plan, mesh.perChip) });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const manifest = {
    generator: 'molegen',
    molegenVersion: MOLEGEN_VERSION,
    config: input.configFileName,
    name: config.name,
    configSha256: hash,
    weightsSha256: input.weightsHash,
    plan: {
      arch: plan.arch,
      grid: plan.grid,
      tiles: plan.tiles,
      sharding: plan.sharding,
      ...(config.target.mesh ? { mesh: { shape: mesh.layout.shape, split: mesh.layout.split, share: mesh.layout.share, padding: mesh.layout.padding, perChipWeights: [...mesh.perChip.keys()] } } : {}),
      programs: plan.programs.map((p) => ({ name: p.name, tiles: p.tileGrid[0] * p.tileGrid[1], cores: p.work.length, l1BytesPerCore: p.l1BytesPerCore })),
    },
    kernels: kernelManifest(plan),
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  };
  files.push({ path: 'manifest.json', contents: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });
  return files;
}
