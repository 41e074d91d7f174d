// The cost model's table for meshes: how the host reaches the chips of a mesh (PCIe links, which chips
// hang off each link and which are reached over ethernet through a PCIe-attached chip) and the transfer
// rates, each with its source — tt-metal's own reports and benchmarks at the pinned commit, or "assumed"
// where nothing is published. Data only, like device.ts: the model itself is in scaling.ts.

import type { Sourced } from './device.ts';

const PCIE_BENCH = 'tt-metal tests/tt_metal/tt_metal/perf_microbenchmark/3_pcie_transfer/test_rw_buffer.cpp @9231910642';
const ETH_GUIDE = 'tt-metal tech_reports/EthernetMultichip/BasicEthernetGuide.md @9231910642';

const s = (value: number, unit: string, source: string): Sourced => ({ value, unit, source });

export interface HostLinkRates {
  /** Host → a PCIe-attached (MMIO) chip's DRAM. */
  writeLocal: Sourced;
  /** Chip → host from a PCIe-attached chip. */
  readLocal: Sourced;
  /** Host → a chip reached over ethernet through the PCIe-attached chip of its card. */
  writeRemote: Sourced;
  /** Remote chip → host. */
  readRemote: Sourced;
}

/** Wormhole host transfer rates: the pass thresholds of tt-metal's buffer read/write benchmark (so rates a
 *  healthy system reaches at least), as fractions of its 16 GB/s PCIe figure. */
export const WORMHOLE_HOST_LINK: Readonly<HostLinkRates> = {
  writeLocal: s(12e9, 'B/s', `${PCIE_BENCH}: "k_PcieMax = 16.0; // GB/s", MMIO "target_write_bandwidth = k_PcieMax * 0.75"`),
  readLocal: s(8e9, 'B/s', `${PCIE_BENCH}: MMIO "target_read_bandwidth = k_PcieMax * 0.5"`),
  writeRemote: s(5.6e9, 'B/s', `${PCIE_BENCH}: remote "target_write_bandwidth = k_PcieMax * 0.35"`),
  readRemote: s(2.4e9, 'B/s', `${PCIE_BENCH}: remote "target_read_bandwidth = k_PcieMax * 0.15"`),
};

/** How a mesh is attached to its host: `links` PCIe links, each serving `chipsPerLink` chips, the first of
 *  them PCIe-attached and the others reached over ethernet through it. */
export interface MeshTopology {
  system: string;
  links: number;
  chipsPerLink: number;
  source: string;
}

/** The host attachment of an r×c mesh of Wormhole chips. */
export function meshTopology(rows: number, cols: number): MeshTopology {
  const chips = rows * cols;
  if (chips === 1) return { system: 'n150 (one chip)', links: 1, chipsPerLink: 1, source: 'one PCIe-attached chip' };
  if (chips === 2) {
    return { system: 'N300', links: 1, chipsPerLink: 2, source: `${ETH_GUIDE}: N300 "One of the two chips has a PCIe connection ... The second is ... only accessible through ethernet via the first"` };
  }
  if (chips <= 8) {
    return {
      system: chips === 8 ? 'T3K' : `${Math.ceil(chips / 2)} N300 cards`,
      links: Math.ceil(chips / 2),
      chipsPerLink: 2,
      source: `${ETH_GUIDE}: T3000 "assembled from four N300 parts ... each N300's local chip is directly addressable by the host CPU"`,
    };
  }
  return {
    system: chips === 32 ? 'Galaxy' : `${chips}-chip mesh`,
    links: 4,
    chipsPerLink: Math.ceil(chips / 4),
    source: 'assumed: the stored tt-metal documents do not say how a Galaxy attaches to its host; modeled as four PCIe links like a T3K\'s, each with one PCIe-attached chip and the others reached over ethernet',
  };
}
