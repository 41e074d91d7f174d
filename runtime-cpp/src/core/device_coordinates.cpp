// IDevice's coordinate queries: logical worker / Ethernet / DRAM cores to the NoC coordinates the emulated
// chip answers to (noc_map.hpp), and back. Must not touch device memory or programs.
#include <fmt/format.h>
#include <tt-metalium/device.hpp>
#include <tt_stl/assert.hpp>

#include "device_state.hpp"
#include "host_internal.hpp"

namespace tt::tt_metal {

namespace {
template <typename Convert>
std::vector<CoreCoord> convert_each(const std::vector<CoreCoord>& cores, Convert convert) {
    std::vector<CoreCoord> converted;
    converted.reserve(cores.size());
    for (const auto& core : cores) converted.push_back(convert(core));
    return converted;
}
}  // namespace

std::uint32_t IDevice::get_noc_unicast_encoding(std::uint8_t noc_index, const CoreCoord& core) const {
    const CoreCoord on_noc = virtual_noc0_coordinate(noc_index, core);
    return static_cast<std::uint32_t>((on_noc.y << emu::kNocNodeBits) | on_noc.x);
}

CoreCoord IDevice::worker_core_from_logical_core(const CoreCoord& logical_core) const {
    const auto& state = emu::device_state_of(this);
    TT_FATAL(state.is_worker(logical_core), "Logical core {} is outside the {}x{} worker grid", logical_core.str(),
             state.arch().grid_x, state.arch().grid_y);
    return state.worker_noc(logical_core);
}

std::vector<CoreCoord> IDevice::worker_cores_from_logical_cores(const std::vector<CoreCoord>& logical_cores) const {
    return convert_each(logical_cores, [this](const CoreCoord& core) { return worker_core_from_logical_core(core); });
}

CoreCoord IDevice::ethernet_core_from_logical_core(const CoreCoord& logical_core) const {
    const auto& map = emu::device_state_of(this).noc_map();
    auto found = map.ethernet_virtual(logical_core);
    TT_FATAL(found.has_value(), "Logical Ethernet core {} does not exist (this chip has channels (0,0)..(0,{}))",
             logical_core.str(), static_cast<int>(map.ethernet_channels()) - 1);
    return *found;
}

std::vector<CoreCoord> IDevice::ethernet_cores_from_logical_cores(const std::vector<CoreCoord>& logical_cores) const {
    return convert_each(logical_cores, [this](const CoreCoord& core) { return ethernet_core_from_logical_core(core); });
}

CoreCoord IDevice::logical_core_from_ethernet_core(const CoreCoord& ethernet_core) const {
    auto found = emu::device_state_of(this).noc_map().ethernet_logical(ethernet_core);
    TT_FATAL(found.has_value(), "{} is not the virtual coordinate of an Ethernet core", ethernet_core.str());
    return *found;
}

const std::set<CoreCoord>& IDevice::ethernet_cores() const {
    const auto& map = emu::device_state_of(this).noc_map();
    for (std::uint32_t channel = 0; channel < map.ethernet_channels(); ++channel) ethernet_cores_.insert({0, channel});
    return ethernet_cores_;
}

CoreCoord IDevice::virtual_core_from_logical_core(const CoreCoord& logical_coord, const CoreType& core_type) const {
    switch (core_type) {
        case CoreType::DRAM: return dram_core_from_dram_channel(dram_channel_from_logical_core(logical_coord));
        case CoreType::ETH:
        case CoreType::ACTIVE_ETH:
        case CoreType::IDLE_ETH: return ethernet_core_from_logical_core(logical_coord);
        default: return worker_core_from_logical_core(logical_coord);
    }
}

CoreCoord IDevice::virtual_noc0_coordinate(std::uint8_t noc_index, CoreCoord coord) const {
    return emu::device_state_of(this).noc_map().on_noc(noc_index, coord);
}

CoreCoord IDevice::logical_core_from_dram_channel(std::uint32_t dram_channel) const { return {dram_channel, 0}; }

CoreCoord IDevice::dram_core_from_dram_channel(std::uint32_t dram_channel, NOC noc) const {
    const auto& state = emu::device_state_of(this);
    TT_FATAL(dram_channel < state.arch().dram_banks, "DRAM channel {} does not exist ({} channels)", dram_channel,
             state.arch().dram_banks);
    return state.noc_map().on_noc(noc, state.noc_map().dram_endpoint(dram_channel));
}

std::uint32_t IDevice::dram_channel_from_logical_core(const CoreCoord& logical_core) const {
    return static_cast<std::uint32_t>(logical_core.x);
}

std::uint32_t IDevice::dram_channel_from_virtual_core(const CoreCoord& virtual_core) const {
    const auto& state = emu::device_state_of(this);
    for (std::uint32_t bank = 0; bank < state.arch().dram_banks; ++bank) {
        if (state.noc_map().dram_endpoint(bank) == virtual_core) return bank;
    }
    TT_THROW("{} is not the NoC coordinate of a DRAM bank", virtual_core.str());
}

}  // namespace tt::tt_metal
