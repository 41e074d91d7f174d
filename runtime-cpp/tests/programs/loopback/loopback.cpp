// loopback: the tt-metal "DRAM loopback" programming example written for the emulator's test suite.
// Part 1 copies one DRAM page through an L1 buffer with raw NoC addresses (BRISC only). Part 2 streams an
// interleaved 100-page DRAM buffer (spread over every DRAM bank) through a 4-page CB into an interleaved
// L1 buffer (spread over every worker core) and back into DRAM, with TensorAccessor on both sides.
// Both results must equal the input bit for bit.
#include <cstdint>
#include <random>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

namespace {

std::vector<std::uint32_t> random_words(std::size_t count, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint32_t> words(count);
    for (auto& word : words) word = rng();
    return words;
}

std::shared_ptr<distributed::MeshBuffer> make_buffer(distributed::MeshDevice& device, std::uint32_t size,
                                                     std::uint32_t page_size, BufferType type) {
    distributed::DeviceLocalBufferConfig local{.page_size = page_size, .buffer_type = type};
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = size}, local, &device);
}

bool single_page_copy(const std::shared_ptr<distributed::MeshDevice>& device) {
    auto& cq = device->mesh_command_queue();
    constexpr CoreCoord core = {0, 0};
    constexpr std::uint32_t tile_bytes = 2 * 32 * 32;
    constexpr std::uint32_t size = tile_bytes * 50;
    auto l1 = make_buffer(*device, size, size, BufferType::L1);
    auto input = make_buffer(*device, size, size, BufferType::DRAM);
    auto output = make_buffer(*device, size, size, BufferType::DRAM);

    Program program = CreateProgram();
    KernelHandle copy = CreateKernel(program, "kernels/loopback_dram_copy.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default});
    const auto data = random_words(size / 4, 7);
    distributed::EnqueueWriteMeshBuffer(cq, input, data, false);
    SetRuntimeArgs(program, copy, core,
                   {static_cast<std::uint32_t>(l1->address()), static_cast<std::uint32_t>(input->address()), 0u,
                    static_cast<std::uint32_t>(output->address()), 0u, size});
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<std::uint32_t> result;
    distributed::EnqueueReadMeshBuffer(cq, result, output, true);
    const bool ok = result == data;
    fmt::print("single-page DRAM->L1->DRAM copy of {} B: {}\n", size, ok ? "match" : "MISMATCH");
    return ok;
}

bool interleaved_round_trip(const std::shared_ptr<distributed::MeshDevice>& device) {
    auto& cq = device->mesh_command_queue();
    constexpr std::uint32_t page_size = 2048;
    constexpr std::uint32_t num_pages = 100;
    constexpr std::uint32_t size = page_size * num_pages;
    auto dram_in = make_buffer(*device, size, page_size, BufferType::DRAM);
    auto l1_mid = make_buffer(*device, size, page_size, BufferType::L1);
    auto dram_out = make_buffer(*device, size, page_size, BufferType::DRAM);
    const auto data = random_words(size / 4, 11);
    distributed::EnqueueWriteMeshBuffer(cq, dram_in, data, false);

    // Two hops, each a program of its own: DRAM -> L1 (interleaved over cores), then L1 -> DRAM.
    auto hop = [&](const std::shared_ptr<distributed::MeshBuffer>& from,
                   const std::shared_ptr<distributed::MeshBuffer>& to, CoreCoord core) {
        Program program = CreateProgram();
        CircularBufferConfig cb_config =
            CircularBufferConfig(4 * page_size, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                .set_page_size(tt::CBIndex::c_0, page_size);
        CreateCircularBuffer(program, core, cb_config);
        std::vector<std::uint32_t> reader_ct;
        TensorAccessorArgs(*from).append_to(reader_ct);
        std::vector<std::uint32_t> writer_ct;
        TensorAccessorArgs(*to).append_to(writer_ct);
        auto reader = CreateKernel(program, "kernels/reader_interleaved.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                      .noc = NOC::RISCV_1_default,
                                                      .compile_args = reader_ct});
        auto writer = CreateKernel(program, "kernels/writer_interleaved.cpp", core,
                                   WriterDataMovementConfig(writer_ct));
        SetRuntimeArgs(program, reader, core, {static_cast<std::uint32_t>(from->address()), num_pages});
        SetRuntimeArgs(program, writer, core, {static_cast<std::uint32_t>(to->address()), num_pages});
        distributed::MeshWorkload workload;
        workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
        distributed::EnqueueMeshWorkload(cq, workload, false);
    };
    hop(dram_in, l1_mid, {1, 2});
    hop(l1_mid, dram_out, {3, 0});
    std::vector<std::uint32_t> staged, result;
    distributed::EnqueueReadMeshBuffer(cq, staged, l1_mid, true);
    distributed::EnqueueReadMeshBuffer(cq, result, dram_out, true);
    const bool ok = staged == data && result == data;
    fmt::print("interleaved {}-page DRAM->L1->DRAM round trip through a CB: {}\n", num_pages, ok ? "match" : "MISMATCH");
    return ok;
}

}  // namespace

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    bool pass = single_page_copy(device);
    pass = interleaved_round_trip(device) && pass;
    device->close();
    fmt::print("{}\n", pass ? "Test Passed" : "Test Failed");
    return pass ? 0 : 1;
}
