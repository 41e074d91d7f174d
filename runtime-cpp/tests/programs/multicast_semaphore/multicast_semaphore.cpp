// multicast_semaphore: core (0,0) multicasts 3 bf16 tiles from DRAM to the 3x2 receiver rectangle
// (1,0)-(3,1); every receiver writes what it got to its own slice of an output DRAM buffer. Sender and
// receivers hand-shake through two semaphores (CreateSemaphore / get_semaphore / noc_semaphore_*), and NoC
// coordinates come from worker_core_from_logical_core. The output must equal the input tiles bit for bit
// on every receiver.
#include <cstdint>
#include <random>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    constexpr std::uint32_t num_tiles = 3;
    constexpr std::uint32_t tile_bytes = 2048;
    const CoreCoord sender = {0, 0};
    const CoreRange receivers({1, 0}, {3, 1});
    const std::uint32_t num_receivers = static_cast<std::uint32_t>(receivers.size());
    const CoreRangeSet all_cores(std::vector<CoreRange>{CoreRange(sender), receivers});

    distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    auto input = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = num_tiles * tile_bytes},
                                                 dram, device.get());
    auto output = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = num_receivers * num_tiles * tile_bytes}, dram, device.get());
    std::mt19937 rng(99);
    std::vector<std::uint16_t> tiles(num_tiles * tile_bytes / 2);
    for (auto& v : tiles) v = static_cast<std::uint16_t>(rng());
    distributed::EnqueueWriteMeshBuffer(cq, input, tiles, false);

    Program program = CreateProgram();
    CreateCircularBuffer(program, all_cores,
                         CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, tile_bytes));
    const std::uint32_t sender_semaphore = CreateSemaphore(program, all_cores, 0);
    const std::uint32_t receiver_semaphore = CreateSemaphore(program, all_cores, INVALID);

    std::vector<std::uint32_t> sender_ct = {sender_semaphore, receiver_semaphore};
    TensorAccessorArgs(*input).append_to(sender_ct);
    auto sender_kernel = CreateKernel(program, "kernels/sender.cpp", sender, ReaderDataMovementConfig(sender_ct));
    auto receiver_kernel = CreateKernel(program, "kernels/receiver.cpp", receivers,
                                        ReaderDataMovementConfig({sender_semaphore, receiver_semaphore}));
    std::vector<std::uint32_t> writer_ct;
    TensorAccessorArgs(*output).append_to(writer_ct);
    auto writer_kernel = CreateKernel(program, "kernels/writer.cpp", receivers, WriterDataMovementConfig(writer_ct));

    const CoreCoord mcast_start = device->worker_core_from_logical_core(receivers.start_coord);
    const CoreCoord mcast_end = device->worker_core_from_logical_core(receivers.end_coord);
    const CoreCoord sender_noc = device->worker_core_from_logical_core(sender);
    SetRuntimeArgs(program, sender_kernel, sender,
                   {static_cast<std::uint32_t>(input->address()), num_tiles, static_cast<std::uint32_t>(mcast_start.x),
                    static_cast<std::uint32_t>(mcast_start.y), static_cast<std::uint32_t>(mcast_end.x),
                    static_cast<std::uint32_t>(mcast_end.y), num_receivers});
    std::uint32_t index = 0;
    for (const CoreCoord& core : receivers) {
        SetRuntimeArgs(program, receiver_kernel, core,
                       {num_tiles, static_cast<std::uint32_t>(sender_noc.x), static_cast<std::uint32_t>(sender_noc.y)});
        SetRuntimeArgs(program, writer_kernel, core, {static_cast<std::uint32_t>(output->address()), num_tiles, index++});
    }

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<std::uint16_t> result;
    distributed::EnqueueReadMeshBuffer(cq, result, output, true);
    device->close();

    bool pass = result.size() == num_receivers * tiles.size();
    for (std::uint32_t r = 0; r < num_receivers && pass; ++r) {
        const bool same = std::equal(tiles.begin(), tiles.end(), result.begin() + r * tiles.size());
        if (!same) fmt::print("receiver {} got different tiles\n", r);
        pass = pass && same;
    }
    fmt::print("{} receivers x {} tiles multicast: {}\n", num_receivers, num_tiles, pass ? "all match" : "MISMATCH");
    fmt::print("{}\n", pass ? "Test Passed" : "Test Failed");
    return pass ? 0 : 1;
}
