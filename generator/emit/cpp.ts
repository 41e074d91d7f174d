// Pure renderers from plan data to C++ source fragments: integer literals, enum names, the
// per-core work tables, circular-buffer calls, buffer members and their creation. Every C++
// literal the templates contain is produced here, so templates only place finished strings.

import type { CircularBufferPlan, CoreWork, DeviceTensor, FormatRole, Plan, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';

export function u32(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`not a u32: ${value}`);
  return `${value}`;
}

export function dataFormat(format: TileFormat): string {
  return `tt::DataFormat::${format}`;
}

export function computeConfig(fidelity: string, fp32DestAcc: boolean): string {
  return `ComputeConfig{.math_fidelity = MathFidelity::${fidelity}, .fp32_dest_acc_en = ${fp32DestAcc ? 'true' : 'false'}}`;
}

export function workTable(name: string, work: CoreWork[]): string {
  const rows = work.map((w) => `    {${u32(w.x)}, ${u32(w.y)}, ${u32(w.firstTile)}, ${u32(w.numTiles)}},`);
  return [`constexpr std::array<CoreWork, ${work.length}> ${name} = {{`, ...rows, '}};'].join('\n');
}

const ROLE_CONSTANTS: Readonly<Record<FormatRole, [format: string, tileBytes: string]>> = {
  activation: ['kActivationFormat', 'kActivationTileBytes'],
  weight: ['kWeightFormat', 'kWeightTileBytes'],
  router: ['kRouterFormat', 'kRouterTileBytes'],
};

export function circularBufferCalls(cbs: CircularBufferPlan[]): string {
  return cbs
    .map((cb) => {
      const [format, tileBytes] = ROLE_CONSTANTS[cb.role];
      return `    add_circular_buffer(program, cores, tt::CBIndex::c_${cb.index}, ${u32(cb.pages)}, ${format}, ${tileBytes});  // ${cb.name}: ${cb.why}`;
    })
    .join('\n');
}

export const bufferMember = (tensor: DeviceTensor): string => `${tensor.name}_`;

export function bufferMembers(tensors: DeviceTensor[]): string {
  return tensors
    .map((t) => `    std::shared_ptr<MeshBuffer> ${bufferMember(t)};  // ${t.role}: [${t.rows} x ${t.cols}] ${t.format}, ${t.layout}`)
    .join('\n');
}

export function bufferCreation(tensors: DeviceTensor[]): string {
  return tensors
    .map((t) => {
      const tiles = (t.rows / 32) * (t.cols / 32);
      return `    ${bufferMember(t)} = make_dram_tensor(device_.get(), ${u32(tiles)}, ${u32(TILE_BYTES[t.format])});`;
    })
    .join('\n');
}

export function weightUploads(tensors: DeviceTensor[]): string {
  return tensors
    .filter((t) => t.role === 'weight')
    .map((t) => `        {"${t.name}", &${bufferMember(t)}},`)
    .join('\n');
}

export function shapeConstants(plan: Plan): string {
  const s = plan.shape;
  const t = plan.tiles;
  const constants: Array<[string, number, string]> = [
    ['kBatch', s.batch, 'B'],
    ['kSeqLen', s.seqLen, 'L'],
    ['kPredLen', s.predLen, 'P'],
    ['kChannels', s.channels, 'C'],
    ['kExperts', s.experts, 'K'],
    ['kFeatures', s.features, 'F, router time features'],
    ['kHidden', s.hidden, 'H, router hidden units'],
    ['kSeries', s.batch * s.channels, 'B·C'],
    ['kSeriesTiles', t.seriesTiles, 'rows of x and y, in tiles'],
    ['kInputTiles', t.inputTiles, 'time steps + bias column, in tiles'],
    ['kHorizonTiles', t.horizonTiles, 'horizon, in tiles'],
    ['kBatchTiles', t.batchTiles, 'router rows, in tiles'],
    ['kFeatureTiles', t.featureTiles, 'router features + bias column, in tiles'],
    ['kHiddenTiles', t.hiddenTiles, 'router hidden units + always-one unit, in tiles'],
    ['kLogitTiles', t.logitTiles, 'router logits K·C, in tiles'],
    ['kRouterWeightBlock', t.routerWeightBlock, 'router layer-2 tiles per read batch'],
    ['kLogitChannelStride', plan.logitLayout.channelStride, 'logit column = c·stride_c + k·stride_k'],
    ['kLogitExpertStride', plan.logitLayout.expertStride, ''],
  ];
  const width = Math.max(...constants.map(([name]) => name.length));
  return constants
    .map(([name, value, comment]) => `    static constexpr uint32_t ${name.padEnd(width)} = ${u32(value)};${comment ? `  // ${comment}` : ''}`)
    .join('\n');
}
