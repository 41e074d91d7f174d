// noc_map: a Wormhole n150's NoC coordinates as tt-metal hands them out (SoC descriptor
// wormhole_b0_80_arch.yaml, coordinate virtualization on), checked from the host and from kernels:
//   host:    worker_core_from_logical_core (virtual Tensix at (18+x, 18+y)), ethernet_core_from_logical_core
//            (virtual (18.., 16..17)), dram_core_from_dram_channel (the bank's preferred worker endpoint), and
//            virtual_noc0_coordinate (physical coordinates mirrored on NoC 1, virtual ones not);
//   kernels: the DRAM and L1 bank tables on NoC 0 and NoC 1 (bank b's endpoint, plus 1 GiB for the second
//            bank of a channel), my_x/my_y, and a copy that reaches DRAM through a channel's other endpoint.
#include <cstdint>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

namespace {

bool ok = true;
void check(bool condition, const std::string& what) {
    std::cout << (condition ? "ok:   " : "FAIL: ") << what << "\n";
    ok = ok && condition;
}

// wormhole_b0_80_arch.yaml: dram_preferred_worker_endpoint and dram_address_offsets, bank by bank.
const std::vector<CoreCoord> kDramWorkerEndpoint = {{0, 11}, {0, 1}, {0, 5}, {0, 7}, {5, 1}, {5, 11},
                                                    {5, 2},  {5, 9}, {5, 8}, {5, 3}, {5, 5}, {5, 7}};
constexpr std::uint32_t kSecondBankOffset = 1u << 30;
constexpr std::uint32_t kNocGridX = 10, kNocGridY = 12;

void run(const std::shared_ptr<distributed::MeshDevice>& device, Program& program) {
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(device->mesh_command_queue(), workload, true);
}

// Runs bank_addresses.cpp on `core` on NoC `noc` and returns what it recorded.
std::vector<std::uint32_t> bank_table_seen_by_kernel(const std::shared_ptr<distributed::MeshDevice>& device,
                                                     CoreCoord core, NOC noc, std::uint32_t bank_address) {
    const std::uint32_t banks = device->num_dram_channels();
    const std::uint32_t bytes = (3 * banks + 4) * sizeof(std::uint32_t);
    auto scratch = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 256},
                                                   distributed::DeviceLocalBufferConfig{
                                                       .page_size = 256, .buffer_type = BufferType::L1},
                                                   device.get());
    Program program = CreateProgram();
    auto kernel = CreateKernel(program, "kernels/bank_addresses.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = noc});
    SetRuntimeArgs(program, kernel, core, {static_cast<std::uint32_t>(scratch->address()), banks, bank_address});
    run(device, program);
    std::vector<std::uint32_t> recorded;
    distributed::EnqueueReadMeshBuffer(device->mesh_command_queue(), recorded, scratch, true);
    recorded.resize(bytes / sizeof(std::uint32_t));
    return recorded;
}

void check_bank_tables(const std::shared_ptr<distributed::MeshDevice>& device, NOC noc) {
    // One L1 page of an interleaved buffer lives in L1 bank 0, which is worker (0,0): run there.
    const CoreCoord core{0, 0};
    const std::uint32_t bank_address = 0x40000;
    const auto recorded = bank_table_seen_by_kernel(device, core, noc, bank_address);
    const std::uint32_t banks = device->num_dram_channels();
    bool all_match = true;
    for (std::uint32_t bank = 0; bank < banks; ++bank) {
        CoreCoord expected = kDramWorkerEndpoint[bank];
        if (noc == NOC::NOC_1) expected = {kNocGridX - 1 - expected.x, kNocGridY - 1 - expected.y};
        const std::uint32_t expected_address = bank_address + (bank % 2 ? kSecondBankOffset : 0);
        const bool match = recorded[3 * bank] == expected.x && recorded[3 * bank + 1] == expected.y &&
                           recorded[3 * bank + 2] == expected_address;
        if (!match) {
            std::cout << "  bank " << bank << ": kernel got (" << recorded[3 * bank] << "," << recorded[3 * bank + 1]
                      << ") address " << recorded[3 * bank + 2] << ", expected " << expected.str() << " address "
                      << expected_address << "\n";
        }
        all_match = all_match && match;
    }
    const std::string on = noc == NOC::NOC_0 ? "NoC 0" : "NoC 1";
    check(all_match, "get_noc_addr_from_bank_id<true> on " + on + ": every bank's endpoint and 1 GiB offset");
    const CoreCoord self = device->worker_core_from_logical_core(core);
    check(recorded[3 * banks] == 18 && recorded[3 * banks + 1] == 18,
          "get_noc_addr_from_bank_id<false>(0) on " + on + " is worker (0,0) at virtual (18,18)");
    check(recorded[3 * banks + 2] == self.x && recorded[3 * banks + 3] == self.y,
          "my_x/my_y on " + on + " are the core's virtual coordinate " + self.str());
}

}  // namespace

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);

    // ---- host-side coordinates -----------------------------------------------------------------------
    check(device->compute_with_storage_grid_size() == CoreCoord(8, 8), "compute grid is 8x8 (n150 with fast dispatch)");
    check(device->worker_core_from_logical_core({0, 0}) == CoreCoord(18, 18), "worker (0,0) -> virtual (18,18)");
    check(device->worker_core_from_logical_core({7, 7}) == CoreCoord(25, 25), "worker (7,7) -> virtual (25,25)");
    check(device->worker_core_from_logical_core({3, 5}) == CoreCoord(21, 23), "worker (3,5) -> virtual (21,23)");
    check(device->ethernet_cores().size() == 16, "16 logical Ethernet cores");
    check(device->ethernet_core_from_logical_core({0, 0}) == CoreCoord(25, 16), "Ethernet channel 0 (NoC0 9-0) -> (25,16)");
    check(device->ethernet_core_from_logical_core({0, 1}) == CoreCoord(18, 16), "Ethernet channel 1 (NoC0 1-0) -> (18,16)");
    check(device->ethernet_core_from_logical_core({0, 15}) == CoreCoord(21, 17), "Ethernet channel 15 (NoC0 4-6) -> (21,17)");
    check(device->logical_core_from_ethernet_core({21, 17}) == CoreCoord(0, 15), "and back");
    check(device->get_active_ethernet_cores().empty(), "no active Ethernet links on a single n150");
    check(device->num_dram_channels() == 12, "12 DRAM banks");
    bool endpoints_match = true;
    for (std::uint32_t bank = 0; bank < 12; ++bank) {
        endpoints_match = endpoints_match && device->dram_core_from_dram_channel(bank) == kDramWorkerEndpoint[bank];
    }
    check(endpoints_match, "dram_core_from_dram_channel gives each bank's preferred worker endpoint");
    check(device->virtual_noc0_coordinate(1, {0, 11}) == CoreCoord(9, 0), "physical (0,11) is (9,0) on NoC 1");
    check(device->virtual_noc0_coordinate(1, {18, 18}) == CoreCoord(18, 18), "virtual (18,18) is the same on NoC 1");

    // ---- bank tables as kernels see them ----------------------------------------------------------------
    check_bank_tables(device, NOC::NOC_0);
    check_bank_tables(device, NOC::NOC_1);

    // ---- DRAM through a channel's other endpoint ----------------------------------------------------------
    // Two buffers of one 2 KiB page per bank. Bank 1 is the second half of channel 0, whose endpoints are NoC 0
    // (0,0), (0,1) and (0,11): read page 1 of `source` through (0,0) at address + 1 GiB and write it to page 0
    // of `destination` (bank 0) through (0,11).
    constexpr std::uint32_t page = 2048;
    distributed::DeviceLocalBufferConfig dram{.page_size = page, .buffer_type = BufferType::DRAM};
    auto source = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 12 * page}, dram, device.get());
    auto destination = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 12 * page}, dram, device.get());
    std::vector<std::uint32_t> input(12 * page / 4);
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<std::uint32_t>(i * 2654435761u);
    auto& cq = device->mesh_command_queue();
    distributed::EnqueueWriteMeshBuffer(cq, source, input, true);
    distributed::EnqueueWriteMeshBuffer(cq, destination, std::vector<std::uint32_t>(12 * page / 4, 0), true);
    Program program = CreateProgram();
    const CoreCoord core{2, 3};
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(page, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}}).set_page_size(tt::CBIndex::c_0, page));
    auto copy = CreateKernel(program, "kernels/copy_through_endpoint.cpp", core,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::NOC_0});
    SetRuntimeArgs(program, copy, core,
                   {0, 0, static_cast<std::uint32_t>(source->address()) + kSecondBankOffset, 0, 11,
                    static_cast<std::uint32_t>(destination->address()), page});
    run(device, program);
    std::vector<std::uint32_t> output;
    distributed::EnqueueReadMeshBuffer(cq, output, destination, true);
    check(std::equal(output.begin(), output.begin() + page / 4, input.begin() + page / 4),
          "page 1 (bank 1) read through endpoint (0,0) + 1 GiB landed in bank 0 through endpoint (0,11)");

    device->close();
    std::cout << (ok ? "PASS" : "FAIL") << "\n";
    return ok ? 0 : 1;
}
