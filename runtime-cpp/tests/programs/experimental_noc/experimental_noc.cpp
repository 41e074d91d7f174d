// experimental_noc: a DRAM -> CB -> DRAM copy whose kernels use tt-metal's experimental NoC API
// (experimental/noc.h with TensorAccessor, CircularBuffer, AllocatorBank, UnicastEndpoint,
// MulticastEndpoint and CoreLocalMem), checked word for word against the input, plus the writer's reports
// into an L1 buffer on other cores.
#include <cstdint>
#include <random>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    constexpr std::uint32_t page_bytes = 2048;
    constexpr std::uint32_t num_pages = 30;
    distributed::DeviceLocalBufferConfig dram{.page_size = page_bytes, .buffer_type = BufferType::DRAM};
    auto input = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = num_pages * page_bytes},
                                                 dram, device.get());
    auto output = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = num_pages * page_bytes},
                                                  dram, device.get());
    constexpr std::uint32_t report_page = 64;
    const std::uint32_t cores = device->compute_with_storage_grid_size().x * device->compute_with_storage_grid_size().y;
    auto reports = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = cores * report_page},
        distributed::DeviceLocalBufferConfig{.page_size = report_page, .buffer_type = BufferType::L1}, device.get());

    std::vector<std::uint32_t> data(num_pages * page_bytes / 4);
    std::mt19937 random(7);
    for (auto& word : data) word = random();
    distributed::EnqueueWriteMeshBuffer(cq, input, data, false);
    distributed::EnqueueWriteMeshBuffer(cq, reports, std::vector<std::uint32_t>(cores * report_page / 4, 0), false);

    const CoreCoord core{0, 0};
    Program program = CreateProgram();
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(4 * page_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, page_bytes));
    std::vector<std::uint32_t> reader_ct, writer_ct;
    TensorAccessorArgs(*input).append_to(reader_ct);
    TensorAccessorArgs(*output).append_to(writer_ct);
    auto reader = CreateKernel(program, "kernels/reader_pages.cpp", core, ReaderDataMovementConfig(reader_ct));
    auto writer = CreateKernel(program, "kernels/writer_pages.cpp", core, WriterDataMovementConfig(writer_ct));
    const std::uint32_t banks = device->num_dram_channels();
    const std::uint32_t bank_stride = page_bytes;  // 2048 is a multiple of the DRAM alignment
    SetRuntimeArgs(program, reader, core, {static_cast<std::uint32_t>(input->address()), num_pages, banks, bank_stride});
    // Report page p of the L1 buffer lives on L1 bank p, worker (p % 8, p / 8).
    const CoreCoord peer = device->worker_core_from_logical_core({1, 0});
    const CoreCoord mcast_start = device->worker_core_from_logical_core({0, 1});
    const CoreCoord mcast_end = device->worker_core_from_logical_core({2, 2});
    SetRuntimeArgs(program, writer, core,
                   {static_cast<std::uint32_t>(output->address()), num_pages,
                    static_cast<std::uint32_t>(reports->address()), static_cast<std::uint32_t>(peer.x),
                    static_cast<std::uint32_t>(peer.y), static_cast<std::uint32_t>(mcast_start.x),
                    static_cast<std::uint32_t>(mcast_start.y), static_cast<std::uint32_t>(mcast_end.x),
                    static_cast<std::uint32_t>(mcast_end.y), 6});
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, true);

    std::vector<std::uint32_t> copied, reported;
    distributed::EnqueueReadMeshBuffer(cq, copied, output, true);
    distributed::EnqueueReadMeshBuffer(cq, reported, reports, true);
    bool pass = copied == data;
    std::cout << num_pages << "-page copy through experimental::Noc: " << (pass ? "match" : "MISMATCH") << "\n";

    const std::uint32_t words_per_report = report_page / 4;
    const std::uint32_t* last_page = data.data() + (num_pages - 1) * page_bytes / 4;
    const bool inline_ok = reported[1 * words_per_report] == 0xC0FFEE;
    const bool bank_ok = std::equal(last_page, last_page + 16, reported.begin() + 2 * words_per_report);
    bool mcast_ok = true;
    for (std::uint32_t page = 0; page < cores; ++page) {
        const CoreCoord logical{page % 8, page / 8};
        const bool in_rectangle = logical.x <= 2 && logical.y >= 1 && logical.y <= 2;
        const bool got = std::equal(last_page, last_page + 8, reported.begin() + page * words_per_report + 8);
        mcast_ok = mcast_ok && got == in_rectangle;
    }
    std::cout << "inline word to worker (1,0): " << (inline_ok ? "ok" : "WRONG") << "\n"
              << "CoreLocalMem -> AllocatorBank<L1> bank 2: " << (bank_ok ? "ok" : "WRONG") << "\n"
              << "multicast to workers (0,1)..(2,2) and nowhere else: " << (mcast_ok ? "ok" : "WRONG") << "\n";
    pass = pass && inline_ok && bank_ok && mcast_ok;
    device->close();
    std::cout << (pass ? "Test Passed" : "Test Failed") << "\n";
    return pass ? 0 : 1;
}
