// The chip's NoC map: which core sits at each NoC coordinate, and the coordinates the host API and the
// kernel address helpers hand out. Wormhole B0 follows an n150 as tt-metal (pinned 9231910642) sees it:
// the 10x12 NoC of soc_descriptors/wormhole_b0_80_arch.yaml, one Tensix row harvested, coordinate
// virtualization on (Tensix at virtual (18+x, 18+y), Ethernet at (18.., 16..17); DRAM, PCIe and ARC keep
// their physical NoC coordinates, which NoC 1 sees mirrored). Blackhole keeps the emulator's own compact
// map (workers at (x+1, y+1), DRAM bank b at (0, b)).
// Pure data and lookups: must not touch memory, programs or kernels (device_state.* does the accesses).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tt-metalium/core_coord.hpp>

namespace emu {

using tt::tt_metal::CoreCoord;
struct ArchSpec;

// What a NoC coordinate reaches.
enum class NocNodeKind { Worker, DispatchWorker, HarvestedWorker, Ethernet, Dram, Pcie, Arc, RouterOnly, None };

struct NocNode {
    NocNodeKind kind = NocNodeKind::None;
    CoreCoord noc0{0, 0};      // physical NoC 0 coordinate
    CoreCoord logical{0, 0};   // Tensix: logical (x, y); Ethernet: (0, channel); DRAM: (channel, 0)
    std::uint32_t index = 0;   // Worker: core index; Ethernet: channel; DRAM: channel (a group of banks)
};

class NocMap {
public:
    // The map of the architecture TT_EMU_ARCH selects (built once per architecture).
    static const NocMap& of(const ArchSpec& arch);

    // Virtual coordinate of logical worker core `logical` (as worker_core_from_logical_core returns it).
    CoreCoord worker_virtual(const CoreCoord& logical) const;
    // Ethernet core `logical` = (0, channel): its virtual coordinate, or nullopt if there is no such channel.
    std::optional<CoreCoord> ethernet_virtual(const CoreCoord& logical) const;
    std::optional<CoreCoord> ethernet_logical(const CoreCoord& virtual_coord) const;
    std::uint32_t ethernet_channels() const { return static_cast<std::uint32_t>(ethernet_noc0_.size()); }

    // DRAM bank `bank` (tt-metal's DRAM "channel"/view): the NoC 0 coordinate workers use to reach it, and the
    // offset added to a bank address on the NoC (two banks share one channel's memory).
    CoreCoord dram_endpoint(std::uint32_t bank) const { return dram_banks_.at(bank).endpoint; }
    std::uint64_t dram_bank_offset(std::uint32_t bank) const { return dram_banks_.at(bank).offset; }
    // The bank a NoC access to DRAM channel `channel` at `local_address` lands in, with the bank-relative address.
    std::pair<std::uint32_t, std::uint64_t> dram_bank_at(std::uint32_t channel, std::uint64_t local_address) const;

    // A virtual NoC 0 coordinate as seen on NoC `noc` (IDevice::virtual_noc0_coordinate): virtual coordinates
    // are the same on both NoCs, physical ones are mirrored on NoC 1.
    CoreCoord on_noc(std::uint8_t noc, const CoreCoord& virtual_noc0) const;

    // What coordinate (x, y), sent by a kernel on NoC `noc`, reaches.
    NocNode decode(std::uint8_t noc, std::uint32_t x, std::uint32_t y) const;
    // "(x,y) on NoC n is <what sits there>", for fault messages.
    std::string describe(std::uint8_t noc, std::uint32_t x, std::uint32_t y) const;
    // A short summary of where the worker cores are, for fault messages.
    std::string worker_summary() const;

private:
    struct DramBank {
        CoreCoord endpoint;
        std::uint64_t offset;
        std::uint32_t channel;
    };
    bool is_virtual(std::uint32_t x, std::uint32_t y) const;

    std::string arch_name_;
    std::uint32_t grid_x_ = 0, grid_y_ = 0;    // physical NoC grid
    bool mirrored_on_noc1_ = false;
    std::uint32_t virtual_threshold_ = 0;      // coordinates at or above this (x or y) are virtual; 0 = none
    std::uint32_t worker_grid_x_ = 0, worker_grid_y_ = 0;
    CoreCoord worker_virtual_origin_{0, 0};
    std::uint64_t dram_bank_size_ = 0;
    std::map<std::pair<std::size_t, std::size_t>, NocNode> by_noc0_;
    std::map<std::pair<std::size_t, std::size_t>, NocNode> by_virtual_;
    std::vector<CoreCoord> ethernet_noc0_;
    std::vector<CoreCoord> ethernet_virtual_;
    std::vector<DramBank> dram_banks_;
    std::string harvest_note_;

    friend NocMap build_wormhole_n150_map(const ArchSpec& arch);
    friend NocMap build_compact_map(const ArchSpec& arch);
};

}  // namespace emu
