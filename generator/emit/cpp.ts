// Pure renderers from plan data to C++ source fragments: integer literals, enum names, the
// per-core work tables, tensor creation, circular-buffer calls, kernel configs and runtime-arg
// lists. Every C++ literal the templates contain is produced here, so templates only place
// finished strings.

import { isOwner, sameTiles } from '../passes/expert-helpers.ts';
import type { CircularBufferPlan, CoreWork, DeviceTensor, FormatRole, Plan, ProgramPlan, TileFormat } from '../plan/plan.ts';
import { isSharded, TILE_BYTES } from '../plan/plan.ts';

/** A C++ braced initializer list of already rendered expressions: `{a, b, c}`. */
export function braceList(items: string[]): string {
  return `{${items.join(', ')}}`;
}

export function u32(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`not a u32: ${value}`);
  return `${value}`;
}

export function dataFormat(format: TileFormat): string {
  return `tt::DataFormat::${format}`;
}

export function computeConfig(fidelity: string, fp32DestAcc: boolean, defines: string[]): string {
  const fields = [`.math_fidelity = MathFidelity::${fidelity}`, `.fp32_dest_acc_en = ${fp32DestAcc ? 'true' : 'false'}`];
  if (defines.length > 0) fields.push(`.defines = ${definesMap(defines)}`);
  return `ComputeConfig{${fields.join(', ')}}`;
}

function definesMap(defines: string[]): string {
  return `{${defines.map((d) => `{"${d}", "1"}`).join(', ')}}`;
}

export function dataMovementConfig(riscv: 0 | 1, compileArgs: string, defines: string[]): string {
  const fields = [`.processor = DataMovementProcessor::RISCV_${riscv}`, `.noc = NOC::RISCV_${riscv}_default`, `.compile_args = ${compileArgs}`];
  if (defines.length > 0) fields.push(`.defines = ${definesMap(defines)}`);
  return `DataMovementConfig{${fields.join(', ')}}`;
}

/** The experts' work per core: its output tiles, its experts and the index of the core that mixes them (itself unless it helps one). */
export function workTable(name: string, work: CoreWork[], experts: number): string {
  const ownerOf = (w: CoreWork, i: number): number => (isOwner(w) ? i : work.findIndex((o) => isOwner(o) && sameTiles(o, w)));
  const rows = work.map((w, i) => {
    const [begin, end] = w.experts ?? [0, experts];
    return `    {${[w.x, w.y, w.rows[0], w.rows[1], w.cols[0], w.cols[1], begin, end, ownerOf(w, i)].map(u32).join(', ')}},`;
  });
  return [`constexpr std::array<CoreWork, ${work.length}> ${name} = {{`, ...rows, '}};'].join('\n');
}

/** The router's work per core: its logit tiles (phase 1), then its series rows (phase 2), then its hidden-share group. */
export function routerWorkTable(name: string, router: ProgramPlan): string {
  const rows = router.work.map((w, i) => {
    const tiles = router.logitTiles![i]!;
    const stats = router.statsRows?.[i] ?? [0, 0];
    const share = router.hiddenShare?.[i] ?? [0, 1];
    return `    {${[w.x, w.y, tiles[0], tiles[1], w.rows[0], w.rows[1], stats[0], stats[1], share[0], share[1]].map(u32).join(', ')}},`;
  });
  return [`constexpr std::array<RouterWork, ${router.work.length}> ${name} = {{`, ...rows, '}};'].join('\n');
}

const ROLE_CONSTANTS: Readonly<Record<FormatRole, [format: string, tileBytes: string]>> = {
  activation: ['kActivationFormat', 'kActivationTileBytes'],
  weight: ['kWeightFormat', 'kWeightTileBytes'],
  router: ['kRouterFormat', 'kRouterTileBytes'],
};

/**
 * The host calls that create a program's circular buffers on its `cores`; those placed on a tensor's L1 shard only on
 * `shardCores`, the cores holding the shards (the experts' owners: expert helpers hold none).
 */
export function circularBufferCalls(cbs: CircularBufferPlan[], shardCores = 'cores'): string {
  return cbs
    .map((cb) => {
      const [format, tileBytes] = ROLE_CONSTANTS[cb.role];
      const tail = `tt::CBIndex::c_${cb.index}, ${u32(cb.pages)}, ${format}, ${tileBytes}`;
      return cb.onTensor
        ? `    add_circular_buffer_on(program, ${shardCores}, ${tail}, *${bufferMember(cb.onTensor)});  // ${cb.name}: ${cb.why}`
        : `    add_circular_buffer(program, cores, ${tail});  // ${cb.name}: ${cb.why}`;
    })
    .join('\n');
}

export const bufferMember = (name: string): string => `${name}_`;

export function bufferMembers(tensors: DeviceTensor[]): string {
  return tensors
    .map((t) => {
      const where = t.placement.memory === 'dram' ? 'DRAM' : t.placement.layout === 'interleaved' ? 'L1 interleaved' : `L1 ${t.placement.layout}-sharded`;
      return `    std::shared_ptr<MeshBuffer> ${bufferMember(t.name)};  // ${t.role}, ${where}: [${t.rows} x ${t.cols}] ${t.format}, ${t.layout}`;
    })
    .join('\n');
}

const LAYOUT_ENUM = { height: 'TensorMemoryLayout::HEIGHT_SHARDED', width: 'TensorMemoryLayout::WIDTH_SHARDED', block: 'TensorMemoryLayout::BLOCK_SHARDED' };

export function bufferCreation(tensors: DeviceTensor[]): string {
  const lines: string[] = [];
  if (tensors.some((t) => isSharded(t.placement))) lines.push('    const CoreRangeSet shard_cores = owner_cores();');
  for (const t of tensors) {
    const rows = (t.rows / 32) * t.replicas;
    const cols = t.cols / 32;
    const bytes = u32(TILE_BYTES[t.format]);
    const p = t.placement;
    lines.push(
      p.memory === 'dram'
        ? `    ${bufferMember(t.name)} = make_dram_tensor(device_.get(), ${u32(rows * cols)}, ${bytes});`
        : p.layout === 'interleaved'
        ? `    ${bufferMember(t.name)} = make_l1_interleaved_tensor(device_.get(), ${u32(rows * cols)}, ${bytes});`
        : `    ${bufferMember(t.name)} = make_l1_sharded_tensor(device_.get(), ${u32(rows)}, ${u32(cols)}, ${bytes}, ${LAYOUT_ENUM[p.layout]}, shard_cores, ${u32(p.shardTiles[0])}, ${u32(p.shardTiles[1])});`,
    );
  }
  return lines.join('\n');
}

/** The upload table: each weight tensor, its copies, and whether every chip gets its own rows (`perChip`). */
export function weightUploads(tensors: DeviceTensor[], perChip: ReadonlySet<string> = new Set()): string {
  return tensors
    .filter((t) => t.role === 'weight')
    .map((t) => `        {"${t.name}", &${bufferMember(t.name)}, ${u32(t.replicas)}, ${perChip.has(t.name) ? 'true' : 'false'}},`)
    .join('\n');
}

export function accessorAppends(names: string[], argsVector: string): string {
  return names.map((n) => `    TensorAccessorArgs(*${bufferMember(n)}).append_to(${argsVector});`).join('\n');
}

const has = (plan: Plan, name: string): boolean => plan.tensors.some((t) => t.name === name);
const addressOr0 = (plan: Plan, name: string): string => (has(plan, name) ? `address_of(${bufferMember(name)})` : '0');

const seriesLayoutArgs = ['S::kChannels', 'S::kBatch', 'S::kRowsPerChannel'];

/** Runtime args of the router reader, in the kernel's order (the hidden-share group is appended by the host). */
export function routerReaderArgs(plan: Plan): string {
  return braceList([
    addressOr0(plan, routerFeatures(plan)),
    'address_of(router_w0_)', 'address_of(router_w2_)', 'address_of(router_consts_)',
    'address_of(logits_)', 'address_of(x_)', addressOr0(plan, 'revin_rows'),
    'w.tile_begin', 'w.tile_end', 'w.row_begin', 'w.row_end',
    'S::kFeatureTiles', 'S::kHiddenTiles', 'S::kLogitTiles', 'S::kRouterWeightBlock',
    'S::kExperts', 'S::kLogitChannelStride', 'S::kLogitExpertStride',
    'S::kInputTiles', 'S::kSeqLen',
    ...seriesLayoutArgs,
    'logits_ready',
    addressOr0(plan, 'router_gather_masks'), addressOr0(plan, 'router_gather_selects'),
    'w.stats_begin', 'w.stats_end',
  ]);
}

/** Runtime args of the router compute kernel, in the kernel's order. */
export function routerComputeArgs(): string {
  return braceList([
    'w.tile_begin', 'w.tile_end', 'w.row_begin', 'w.row_end', 'S::kLogitTiles',
    'S::kFeatureTiles', 'S::kHiddenTiles', 'S::kRouterWeightBlock',
    'S::kExperts', 'S::kTopK',
    'S::kInputTiles', 'S::kSeqLen',
    ...seriesLayoutArgs, 'S::kLogitChannelStride', 'S::kLogitExpertStride',
    'w.stats_begin', 'w.stats_end', 'w.share_index', 'w.share_members',
  ]);
}

/** Runtime args of the router writer, in the kernel's order (the hidden-share group and the core lists are appended by the host). */
export function routerWriterArgs(plan: Plan): string {
  return braceList([
    'address_of(logits_)', 'address_of(gates_)', addressOr0(plan, 'revin_stats'),
    'w.tile_begin', 'w.tile_end', 'w.row_begin', 'w.row_end',
    'S::kExperts',
    'logits_done', 'logits_ready', 'leader_x', 'leader_y', '&w == &kRouterWork.front() ? 1u : 0u',
    'gates_ready', 'stats_ready', 'w.stats_begin', 'w.stats_end', 'S::kHiddenTiles',
    'S::kGateCopies', 'S::kGateRowsPerShard',
    'address_of(router_consts_)', 'address_of(router_selectors_)', 'S::kSeqLen',
    'S::kLogitTiles', ...seriesLayoutArgs,
  ]);
}

/** Runtime args of the experts reader, in the kernel's order. */
export function expertsReaderArgs(plan: Plan): string {
  const router = plan.programs.find((p) => p.name === 'router')!;
  // The router cores that write RevIN statistics: each signals stats_ready once.
  const statsCores = (router.statsRows ?? []).filter(([begin, end]) => end > begin).length;
  return braceList([
    'address_of(x_)', 'address_of(expert_weights_)', 'address_of(gates_)', addressOr0(plan, 'revin_stats'),
    'w.row_begin', 'w.row_end', 'w.col_begin', 'w.col_end',
    'S::kHorizonTiles', 'S::kInputTiles', 'S::kExperts',
    ...seriesLayoutArgs,
    'S::kWeightSetRows', 'S::kResidentWeightTiles',
    addressOr0(plan, 'mlp_w0'), addressOr0(plan, 'mlp_b0'), addressOr0(plan, 'mlp_w2'), addressOr0(plan, 'mlp_b2'),
    'S::kMlpTiles',
    'gates_ready', `gates_ready == kNoSemaphore ? 0u : ${u32(router.work.length)}u`,
    'stats_ready', `stats_ready == kNoSemaphore ? 0u : ${u32(statsCores)}u`,
    'w.expert_begin', 'w.expert_end', 'helper_ready', 'helper_filled', `${u32(helperPages(plan))}u`,
  ]);
}

/** Runtime args of the experts compute kernel, in the kernel's order. */
export function expertsComputeArgs(plan: Plan, experts: ProgramPlan): string {
  const residentStartsAtOwnColumn = experts.defines.compute.includes('WEIGHTS_RESIDENT') && (plan.sharding.strategy === 'width' || plan.sharding.strategy === 'block');
  // Shared weight columns (WEIGHTS_SHARED) sit in L1 like a resident shard holding exactly the core's columns.
  const shared = experts.defines.reader.includes('WEIGHTS_SHARED');
  return braceList([
    'w.row_begin', 'w.row_end', 'w.col_begin', 'w.col_end',
    'S::kInputTiles', 'S::kExperts', 'S::kMlpTiles',
    ...(shared
      ? ['S::kWeightSetRows * (w.col_end - w.col_begin)', 'w.col_end - w.col_begin', 'w.col_begin']
      : ['S::kResidentWeightTiles', 'S::kResidentWeightCols', residentStartsAtOwnColumn ? 'w.col_begin' : '0']),
    plan.individual ? 'S::kRowsPerChannel / tt::constants::TILE_HEIGHT' : '0',
    'S::kOutputShardTiles', 'S::kOutputShardCols',
    'w.expert_begin', 'w.expert_end', `${u32(helperPages(plan))}u`,
  ]);
}

/** Pages of an owner's helper_partials buffer (0 without expert helpers): what it receives per row. */
function helperPages(plan: Plan): number {
  const experts = plan.programs.find((p) => p.name === 'experts')!;
  return experts.circularBuffers.find((cb) => cb.name === 'helper_partials')?.pages ?? 0;
}

export function shapeConstants(plan: Plan): string {
  const s = plan.shape;
  const t = plan.tiles;
  const weights = plan.tensors.find((x) => x.name === 'expert_weights')!;
  const resident = isSharded(weights.placement) ? weights.placement.shardTiles : [0, 0];
  const yPlacement = plan.tensors.find((x) => x.name === 'y')!.placement;
  const outShard = isSharded(yPlacement) ? yPlacement.shardTiles : [0, 0];
  const gatesTensor = plan.tensors.find((x) => x.name === 'gates')!;
  const gateCopies = gatesTensor.copies ?? { count: 1, rowsPerShard: t.seriesTiles };
  const constants: Array<[string, number, string]> = [
    ['kBatch', s.batch, 'B'],
    ['kSeqLen', s.seqLen, 'L'],
    ['kPredLen', s.predLen, 'P'],
    ['kChannels', s.channels, 'C'],
    ['kExperts', s.experts, 'K'],
    ['kTopK', s.topK, 'experts kept per (sample, channel)'],
    ['kFeatures', plan.routerInput === 'time' ? s.features : 0, 'F, router time features (0: the router reads window statistics)'],
    ['kHidden', s.hidden, 'H, router hidden units'],
    ['kRowsPerChannel', plan.seriesLayout.kind === 'channel-major' ? plan.seriesLayout.rowsPerChannel : 0, 'channel-major rows per channel (0: rows are b·C + c)'],
    ['kSeriesTiles', t.seriesTiles, 'rows of x and y, in tiles'],
    ['kInputTiles', t.inputTiles, 'time steps, in tiles'],
    ['kHorizonTiles', t.horizonTiles, 'horizon, in tiles'],
    ['kBatchTiles', t.batchTiles, 'router rows, in tiles'],
    ['kFeatureTiles', t.featureTiles, 'router features + bias column, in tiles'],
    ['kHiddenTiles', t.hiddenTiles, 'router hidden units + always-one unit, in tiles'],
    ['kLogitTiles', t.logitTiles, 'router logits K·C, in tiles'],
    ['kChannelTiles', t.channelTiles, 'RevIN parameters per row, in tiles'],
    ['kMlpTiles', t.mlpTiles, 'time-MLP width, in tiles'],
    ['kRouterWeightBlock', t.routerWeightBlock, 'router layer-2 tiles per read batch'],
    ['kWeightSetRows', t.weightSetRows, `tile rows per expert weight set (K·Lt + ${t.mixtureRows === 2 ? 'bias and column-sum rows' : 'bias row'})`],
    ['kResidentWeightTiles', resident[0]! * resident[1]!, 'expert weight tiles held in each core\'s L1 (0: streamed from DRAM)'],
    ['kResidentWeightCols', resident[1]!, 'horizon tiles per resident weight row'],
    ['kOutputShardTiles', outShard[0]! * outShard[1]!, 'tiles of each core\'s L1 shard of y (0: y is in DRAM)'],
    ['kOutputShardCols', outShard[1]!, 'horizon tiles per row of that shard'],
    ['kGateTileRows', gatesTensor.rows / 32, 'tile rows of the gates tensor (every copy)'],
    ['kGateCopies', gateCopies.count, 'copies of each row\'s gate tiles (one per column block of experts cores with the gates in their L1)'],
    ['kGateRowsPerShard', gateCopies.rowsPerShard, 'gate tile rows per copy block: row r, copy q at (r / this · copies + q) · this + r % this'],
    ['kLogitChannelStride', plan.logitLayout.channelStride, 'logit column = c·stride_c + k·stride_k'],
    ['kLogitExpertStride', plan.logitLayout.expertStride, ''],
  ];
  return constantLines(constants);
}

/** `static constexpr uint32_t` members, names aligned, each with its comment. */
export function constantLines(constants: Array<[name: string, value: number, comment: string]>): string {
  const width = Math.max(...constants.map(([name]) => name.length));
  return constants
    .map(([name, value, comment]) => `    static constexpr uint32_t ${name.padEnd(width)} = ${u32(value)};${comment ? `  // ${comment}` : ''}`)
    .join('\n');
}

export function seriesRowExpression(plan: Plan): string {
  return plan.seriesLayout.kind === 'channel-major' ? 'c * DeviceShape::kRowsPerChannel + b' : 'b * DeviceShape::kChannels + c';
}

export function marksCheck(plan: Plan): string {
  if (plan.routerInput === 'stats') return '    (void)marks;  // the router reads window statistics of x';
  return [
    '    if (marks.size() != static_cast<size_t>(M::kBatch) * M::kFeatures) {',
    '        throw std::invalid_argument("marks must hold batch*features values");',
    '    }',
  ].join('\n');
}

/**
 * The tensor the router reads its time features from: one row per sample (`features`), or with per-row logits one
 * row per series holding its sample's features (`series_features`); none for a router on statistics.
 */
export function routerFeatures(plan: Plan): 'features' | 'series_features' {
  return plan.tensors.some((t) => t.name === 'series_features') ? 'series_features' : 'features';
}

/** forward()'s declarations for the router features, before the per-chip loop (none for a router on statistics). */
export function featuresStaging(plan: Plan): string {
  if (plan.routerInput === 'stats') return '';
  const perSeries = routerFeatures(plan) === 'series_features';
  return [
    '    const uint32_t f_cols = S::kFeatureTiles * tt::constants::TILE_WIDTH;',
    `    const uint32_t f_rows = ${perSeries ? 'S::kSeriesTiles' : 'S::kBatchTiles'} * tt::constants::TILE_HEIGHT;`,
    '    std::vector<std::vector<float>> feature_tiles;',
    '    feature_tiles.reserve(kDeviceShares.size());',
  ].join('\n');
}

/**
 * forward()'s per-chip upload of the router features of the chip's samples: a row per sample, or per series (each
 * holding its sample's features) with per-row logits.
 */
export function featuresUpload(plan: Plan): string {
  if (plan.routerInput === 'stats') return '';
  const tensor = routerFeatures(plan);
  const fill = [
    '            for (uint32_t f = 0; f < M::kFeatures; ++f) {',
    '                row[f] = marks[static_cast<size_t>(b) * M::kFeatures + f];',
    '            }',
    '            row[M::kFeatures] = 1.0f;',
  ];
  const rows =
    tensor === 'series_features'
      ? [
          "        // Router features: one row per series of the share (see series_row) holding its sample's time features,",
          '        // then the constant-1 column for the first-layer bias; padding rows stay zero.',
          '        std::vector<float> features(static_cast<size_t>(f_rows) * f_cols, 0.0f);',
          '        for (uint32_t b = share.batch_begin; b < share.batch_end; ++b) {',
          '            for (uint32_t c = share.channel_begin; c < share.channel_end; ++c) {',
          '                float* row = &features[static_cast<size_t>(series_row(b - share.batch_begin, c - share.channel_begin)) * f_cols];',
          ...fill.map((line) => `    ${line}`),
          '            }',
          '        }',
        ]
      : [
          '        // Router features: one row per sample of the share, then the constant-1 column for the first-layer bias.',
          '        std::vector<float> features(static_cast<size_t>(f_rows) * f_cols, 0.0f);',
          '        for (uint32_t b = share.batch_begin; b < share.batch_end; ++b) {',
          '            float* row = &features[static_cast<size_t>(b - share.batch_begin) * f_cols];',
          ...fill,
          '        }',
        ];
  return [
    ...rows,
    '        feature_tiles.push_back(tilize_nfaces(features, f_rows, f_cols));',
    `        distributed::WriteShard(queue, ${bufferMember(tensor)}, feature_tiles.back(), device_of(share), false);`,
  ].join('\n');
}

/** The constructor lines that build what forward() enqueues: one program with both kernel sets, or two. */
export function workloadSetup(plan: Plan): string {
  if (plan.dispatch.kind === 'one program') {
    const revin = plan.programs.some((p) => p.statsRows?.some(([begin, end]) => end > begin));
    return [
      '    // One dispatch: the router kernels run on their own cores; the experts readers wait on gates_ready',
      '    // until every router core has written its gates'
        + (revin ? ", and on stats_ready until the router cores with statistics rows have written their RevIN tiles.'," : ".',"),
      '    Program program = CreateProgram();',
      '    const uint32_t gates_ready = CreateSemaphore(program, experts_cores(), 0);',
      revin ? '    const uint32_t stats_ready = CreateSemaphore(program, experts_cores(), 0);' : '    const uint32_t stats_ready = kNoSemaphore;',
      '    add_router_kernels(program, gates_ready, stats_ready);',
      '    add_experts_kernels(program, gates_ready, stats_ready);',
      '    workloads_.emplace_back().add_program(devices, std::move(program));',
    ].join('\n');
  }
  return [
    '    // Two programs back to back: the experts use every core, so the router runs first on its own.',
    '    Program router = CreateProgram();',
    '    add_router_kernels(router, kNoSemaphore, kNoSemaphore);',
    '    workloads_.emplace_back().add_program(devices, std::move(router));',
    '    Program experts = CreateProgram();',
    '    add_experts_kernels(experts, kNoSemaphore, kNoSemaphore);',
    '    workloads_.emplace_back().add_program(devices, std::move(experts));',
  ].join('\n');
}
