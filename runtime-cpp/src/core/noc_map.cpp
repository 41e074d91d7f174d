// NoC maps of the emulated chips (see noc_map.hpp). The Wormhole B0 data are those of tt-metal's
// wormhole_b0_80_arch.yaml and of UMD's Wormhole coordinate translation; must not touch device memory.
#include "noc_map.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "device_state.hpp"

namespace emu {

namespace {

using Key = std::pair<std::size_t, std::size_t>;
Key key(const CoreCoord& c) { return {c.x, c.y}; }

// ---- Wormhole B0 (soc_descriptors/wormhole_b0_80_arch.yaml) ------------------------------------------------
constexpr std::uint32_t kWhGridX = 10, kWhGridY = 12;
constexpr std::array<std::uint32_t, 8> kWhTensixColumns{1, 2, 3, 4, 6, 7, 8, 9};
constexpr std::array<std::uint32_t, 10> kWhTensixRows{1, 2, 3, 4, 5, 7, 8, 9, 10, 11};
// An n150 has one of its ten Tensix rows fused off; which one varies per chip. The emulator's chip lost
// the last one (NoC 0 row 11). Fast dispatch takes the last remaining logical row, so the compute grid is 8x8.
constexpr std::uint32_t kWhHarvestedRow = 11;
constexpr std::uint32_t kWhVirtualTensixStart = 18;
constexpr std::uint32_t kWhVirtualEthStartX = 18, kWhVirtualEthStartY = 16;
constexpr std::uint32_t kWhVirtualThreshold = 16;
constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 16> kWhEthernet{{{9, 0}, {1, 0}, {8, 0}, {2, 0},
                                                                             {7, 0}, {3, 0}, {6, 0}, {4, 0},
                                                                             {9, 6}, {1, 6}, {8, 6}, {2, 6},
                                                                             {7, 6}, {3, 6}, {6, 6}, {4, 6}}};
// DRAM channels (each reachable through three NoC endpoints) and the 12 banks tt-metal makes of them.
constexpr std::array<std::array<std::pair<std::uint32_t, std::uint32_t>, 3>, 6> kWhDramChannels{{
    {{{0, 0}, {0, 1}, {0, 11}}},
    {{{0, 5}, {0, 6}, {0, 7}}},
    {{{5, 0}, {5, 1}, {5, 11}}},
    {{{5, 2}, {5, 9}, {5, 10}}},
    {{{5, 3}, {5, 4}, {5, 8}}},
    {{{5, 5}, {5, 6}, {5, 7}}},
}};
constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 12> kWhDramWorkerEndpoint{
    {{0, 11}, {0, 1}, {0, 5}, {0, 7}, {5, 1}, {5, 11}, {5, 2}, {5, 9}, {5, 8}, {5, 3}, {5, 5}, {5, 7}}};
constexpr std::uint64_t kWhDramBankOffsets[2] = {0, std::uint64_t{1} << 30};
constexpr std::pair<std::uint32_t, std::uint32_t> kWhPcie{0, 3};
constexpr std::pair<std::uint32_t, std::uint32_t> kWhArc{0, 10};
constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 4> kWhRouterOnly{{{0, 2}, {0, 4}, {0, 8}, {0, 9}}};

const char* kind_name(NocNodeKind kind) {
    switch (kind) {
        case NocNodeKind::Worker: return "a Tensix worker";
        case NocNodeKind::DispatchWorker: return "a Tensix core reserved for fast dispatch";
        case NocNodeKind::HarvestedWorker: return "a harvested (fused-off) Tensix core";
        case NocNodeKind::Ethernet: return "an Ethernet core";
        case NocNodeKind::Dram: return "a DRAM endpoint";
        case NocNodeKind::Pcie: return "the PCIe core";
        case NocNodeKind::Arc: return "the ARC core";
        case NocNodeKind::RouterOnly: return "a router-only NoC node (no memory)";
        case NocNodeKind::None: return "nothing";
    }
    return "nothing";
}

}  // namespace

NocMap build_wormhole_n150_map(const ArchSpec& arch) {
    NocMap map;
    map.arch_name_ = "Wormhole B0 n150";
    map.grid_x_ = kWhGridX;
    map.grid_y_ = kWhGridY;
    map.mirrored_on_noc1_ = true;
    map.virtual_threshold_ = kWhVirtualThreshold;
    map.worker_grid_x_ = arch.grid_x;
    map.worker_grid_y_ = arch.grid_y;
    map.worker_virtual_origin_ = {kWhVirtualTensixStart, kWhVirtualTensixStart};
    map.dram_bank_size_ = arch.dram_bank_size;
    map.harvest_note_ = fmt::format("NoC 0 row {} is harvested on this n150", kWhHarvestedRow);

    std::uint32_t logical_y = 0;
    for (std::uint32_t row : kWhTensixRows) {
        const bool harvested = row == kWhHarvestedRow;
        for (std::uint32_t x = 0; x < kWhTensixColumns.size(); ++x) {
            NocNode node;
            node.noc0 = {kWhTensixColumns[x], row};
            if (harvested) {
                node.kind = NocNodeKind::HarvestedWorker;
                node.logical = {x, kWhTensixRows.size() - 1};
            } else {
                node.kind = logical_y < arch.grid_y ? NocNodeKind::Worker : NocNodeKind::DispatchWorker;
                node.logical = {x, logical_y};
                node.index = logical_y * arch.grid_x + x;
            }
            map.by_noc0_[key(node.noc0)] = node;
            // Harvested rows take the virtual rows after the good ones, as UMD numbers them.
            const std::uint32_t virtual_row = harvested ? kWhTensixRows.size() - 1 : logical_y;
            map.by_virtual_[{kWhVirtualTensixStart + x, kWhVirtualTensixStart + virtual_row}] = node;
        }
        if (!harvested) ++logical_y;
    }
    for (std::uint32_t channel = 0; channel < kWhEthernet.size(); ++channel) {
        const auto [x, y] = kWhEthernet[channel];
        NocNode node{NocNodeKind::Ethernet, {x, y}, {0, channel}, channel};
        // Virtual Ethernet x skips the DRAM column (x = 5) and starts at 18; the two Ethernet rows become 16, 17.
        const CoreCoord virtual_coord{kWhVirtualEthStartX + (x > 5 ? x - 1 : x) - 1, kWhVirtualEthStartY + (y == 6 ? 1 : 0)};
        map.by_noc0_[{x, y}] = node;
        map.by_virtual_[key(virtual_coord)] = node;
        map.ethernet_noc0_.push_back(node.noc0);
        map.ethernet_virtual_.push_back(virtual_coord);
    }
    for (std::uint32_t channel = 0; channel < kWhDramChannels.size(); ++channel) {
        for (const auto& [x, y] : kWhDramChannels[channel]) {
            map.by_noc0_[{x, y}] = NocNode{NocNodeKind::Dram, {x, y}, {channel, 0}, channel};
        }
    }
    for (std::uint32_t bank = 0; bank < kWhDramWorkerEndpoint.size(); ++bank) {
        const auto [x, y] = kWhDramWorkerEndpoint[bank];
        map.dram_banks_.push_back({{x, y}, kWhDramBankOffsets[bank % 2], bank / 2});
    }
    map.by_noc0_[key({kWhPcie.first, kWhPcie.second})] = NocNode{NocNodeKind::Pcie, {kWhPcie.first, kWhPcie.second}};
    map.by_noc0_[key({kWhArc.first, kWhArc.second})] = NocNode{NocNodeKind::Arc, {kWhArc.first, kWhArc.second}};
    for (const auto& [x, y] : kWhRouterOnly) map.by_noc0_[{x, y}] = NocNode{NocNodeKind::RouterOnly, {x, y}};
    return map;
}

// The emulator's own compact map: workers at (x+1, y+1), DRAM bank b at (0, b), nothing else.
NocMap build_compact_map(const ArchSpec& arch) {
    NocMap map;
    map.arch_name_ = arch.name;
    map.grid_x_ = arch.grid_x + 1;
    map.grid_y_ = std::max(arch.grid_y + 1, arch.dram_banks);
    map.worker_grid_x_ = arch.grid_x;
    map.worker_grid_y_ = arch.grid_y;
    map.worker_virtual_origin_ = {1, 1};
    map.dram_bank_size_ = arch.dram_bank_size;
    for (std::uint32_t y = 0; y < arch.grid_y; ++y) {
        for (std::uint32_t x = 0; x < arch.grid_x; ++x) {
            NocNode node{NocNodeKind::Worker, {x + 1, y + 1}, {x, y}, y * arch.grid_x + x};
            map.by_noc0_[key(node.noc0)] = node;
        }
    }
    for (std::uint32_t bank = 0; bank < arch.dram_banks; ++bank) {
        map.by_noc0_[{0, bank}] = NocNode{NocNodeKind::Dram, {0, bank}, {bank, 0}, bank};
        map.dram_banks_.push_back({{0, bank}, 0, bank});
    }
    return map;
}

const NocMap& NocMap::of(const ArchSpec& arch) {
    static const NocMap wormhole = build_wormhole_n150_map(arch_named("wormhole_b0"));
    static const NocMap blackhole = build_compact_map(arch_named("blackhole"));
    return arch.arch == tt::ARCH::BLACKHOLE ? blackhole : wormhole;
}

CoreCoord NocMap::worker_virtual(const CoreCoord& logical) const {
    return {worker_virtual_origin_.x + logical.x, worker_virtual_origin_.y + logical.y};
}

std::optional<CoreCoord> NocMap::ethernet_virtual(const CoreCoord& logical) const {
    if (logical.x != 0 || logical.y >= ethernet_virtual_.size()) return std::nullopt;
    return ethernet_virtual_[logical.y];
}

std::optional<CoreCoord> NocMap::ethernet_logical(const CoreCoord& virtual_coord) const {
    for (std::size_t channel = 0; channel < ethernet_virtual_.size(); ++channel) {
        if (ethernet_virtual_[channel] == virtual_coord) return CoreCoord{0, channel};
    }
    return std::nullopt;
}

std::pair<std::uint32_t, std::uint64_t> NocMap::dram_bank_at(std::uint32_t channel, std::uint64_t local_address) const {
    std::optional<std::uint32_t> found;
    for (std::uint32_t bank = 0; bank < dram_banks_.size(); ++bank) {
        const auto& candidate = dram_banks_[bank];
        if (candidate.channel != channel || candidate.offset > local_address) continue;
        if (!found || candidate.offset > dram_banks_[*found].offset) found = bank;
    }
    const std::uint32_t bank = found.value_or(0);
    return {bank, local_address - dram_banks_[bank].offset};
}

bool NocMap::is_virtual(std::uint32_t x, std::uint32_t y) const {
    return virtual_threshold_ != 0 && (x >= virtual_threshold_ || y >= virtual_threshold_);
}

CoreCoord NocMap::on_noc(std::uint8_t noc, const CoreCoord& virtual_noc0) const {
    if (noc == 0 || !mirrored_on_noc1_ || is_virtual(virtual_noc0.x, virtual_noc0.y)) return virtual_noc0;
    return {grid_x_ - 1 - virtual_noc0.x, grid_y_ - 1 - virtual_noc0.y};
}

NocNode NocMap::decode(std::uint8_t noc, std::uint32_t x, std::uint32_t y) const {
    if (is_virtual(x, y)) {
        auto found = by_virtual_.find({x, y});
        return found == by_virtual_.end() ? NocNode{} : found->second;
    }
    if (x >= grid_x_ || y >= grid_y_) return NocNode{};
    const CoreCoord noc0 = on_noc(noc, {x, y});  // mirroring is its own inverse
    auto found = by_noc0_.find(key(noc0));
    return found == by_noc0_.end() ? NocNode{NocNodeKind::None, noc0} : found->second;
}

std::string NocMap::describe(std::uint8_t noc, std::uint32_t x, std::uint32_t y) const {
    const NocNode node = decode(noc, x, y);
    const std::string where = fmt::format("NoC {} coordinate ({},{})", noc, x, y);
    if (node.kind == NocNodeKind::None) {
        if (is_virtual(x, y)) return fmt::format("{}, where no core sits in the {}'s virtual coordinate space", where, arch_name_);
        return fmt::format("{}, which is outside the {}x{} NoC grid of the {}", where, grid_x_, grid_y_, arch_name_);
    }
    std::string what = kind_name(node.kind);
    switch (node.kind) {
        case NocNodeKind::Worker:
        case NocNodeKind::DispatchWorker: what += fmt::format(" at logical ({},{})", node.logical.x, node.logical.y); break;
        case NocNodeKind::HarvestedWorker: what += fmt::format(" ({})", harvest_note_); break;
        case NocNodeKind::Ethernet:
            what += fmt::format(" channel {} (logical (0,{})); Ethernet cores are not emulated", node.index, node.index);
            break;
        case NocNodeKind::Dram: what += fmt::format(" of channel {}", node.index); break;
        case NocNodeKind::Pcie:
        case NocNodeKind::Arc: what += ", which the emulator does not model"; break;
        default: break;
    }
    return fmt::format("{} (physical NoC 0 ({},{})), which is {}", where, node.noc0.x, node.noc0.y, what);
}

std::string NocMap::worker_summary() const {
    return fmt::format("the compute workers are at ({},{})..({},{}), as worker_core_from_logical_core gives them",
                       worker_virtual_origin_.x, worker_virtual_origin_.y, worker_virtual_origin_.x + worker_grid_x_ - 1,
                       worker_virtual_origin_.y + worker_grid_y_ - 1);
}

}  // namespace emu
