// IDevice: one emulated Tensix chip (worker grid, L1 per core, DRAM banks). MeshDevice derives from it.
// The state lives in the emulator library (emu::DeviceState); this class is its public face.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <unordered_set>
#include <vector>

#include <tt-metalium/allocator.hpp>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/data_types.hpp>

namespace emu {
class DeviceState;
}

namespace tt::tt_metal {

using ChipId = int;

class IDevice {
public:
    virtual ~IDevice();
    IDevice(const IDevice&) = delete;
    IDevice& operator=(const IDevice&) = delete;

    tt::ARCH arch() const;
    ChipId id() const { return id_; }
    std::uint8_t num_hw_cqs() const { return 1; }
    bool is_initialized() const { return state_ != nullptr; }

    CoreCoord grid_size() const;
    CoreCoord logical_grid_size() const;
    virtual CoreCoord compute_with_storage_grid_size() const;
    CoreCoord dram_grid_size() const;
    std::uint32_t num_dram_channels() const;
    std::uint32_t l1_size_per_core() const;
    std::uint64_t dram_size_per_channel() const;
    std::uint32_t get_noc_unicast_encoding(std::uint8_t noc_index, const CoreCoord& core) const;

    // NoC coordinates are a Wormhole n150's (virtual Tensix at (18+x, 18+y), Ethernet at (18.., 16..17),
    // DRAM at its physical endpoints); see the emulator's README.
    CoreCoord worker_core_from_logical_core(const CoreCoord& logical_core) const;
    std::vector<CoreCoord> worker_cores_from_logical_cores(const std::vector<CoreCoord>& logical_cores) const;
    CoreCoord ethernet_core_from_logical_core(const CoreCoord& logical_core) const;
    std::vector<CoreCoord> ethernet_cores_from_logical_cores(const std::vector<CoreCoord>& logical_cores) const;
    CoreCoord logical_core_from_ethernet_core(const CoreCoord& ethernet_core) const;
    CoreCoord virtual_core_from_logical_core(const CoreCoord& logical_coord, const CoreType& core_type) const;
    // A coordinate in virtual NoC 0 space as NoC `noc_index` addresses it (physical ones are mirrored on NoC 1).
    CoreCoord virtual_noc0_coordinate(std::uint8_t noc_index, CoreCoord coord) const;
    CoreCoord logical_core_from_dram_channel(std::uint32_t dram_channel) const;
    CoreCoord dram_core_from_dram_channel(std::uint32_t dram_channel, NOC noc = NOC::NOC_0) const;
    std::uint32_t dram_channel_from_logical_core(const CoreCoord& logical_core) const;
    std::uint32_t dram_channel_from_virtual_core(const CoreCoord& virtual_core) const;
    // Logical Ethernet cores (0, channel): all 16 of an n150, none of them linked to another chip.
    const std::set<CoreCoord>& ethernet_cores() const;

    // Bank layout queries (device->allocator()->get_alignment(BufferType::DRAM), ...).
    const std::unique_ptr<Allocator>& allocator() const { return allocator_; }
    // A single emulated chip has no Ethernet links: both sets are empty.
    std::unordered_set<CoreCoord> get_active_ethernet_cores(bool skip_reserved_tunnel_cores = false) const {
        (void)skip_reserved_tunnel_cores;
        return {};
    }
    std::unordered_set<CoreCoord> get_inactive_ethernet_cores() const { return {}; }

    std::shared_ptr<emu::DeviceState> emulator_state() const { return state_; }

    // Emulator only: wraps an emulated chip. Use CreateDevice / MeshDevice::create_unit_mesh instead.
    IDevice(ChipId id, std::shared_ptr<emu::DeviceState> state);
    // Emulator only: drops this handle's chip (closing the device; buffers keep their memory alive).
    void release_state();

protected:
    ChipId id_ = 0;
    std::shared_ptr<emu::DeviceState> state_;
    std::unique_ptr<Allocator> allocator_;
    mutable std::set<CoreCoord> ethernet_cores_;
};

}  // namespace tt::tt_metal
