// add_2_integers_in_riscv: the RISC-V data-movement core adds two uint32 vectors (interleaved over the DRAM
// banks, 16 pages of 1 KiB) and writes the sum back to DRAM; the host checks every element exactly,
// including wrap-around at 2^32.
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
    constexpr CoreCoord core = {2, 3};
    constexpr std::uint32_t page_bytes = 1024;
    constexpr std::uint32_t num_pages = 16;
    constexpr std::uint32_t size = page_bytes * num_pages;

    distributed::DeviceLocalBufferConfig dram{.page_size = page_bytes, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig whole{.size = size};
    auto src0 = distributed::MeshBuffer::create(whole, dram, device.get());
    auto src1 = distributed::MeshBuffer::create(whole, dram, device.get());
    auto dst = distributed::MeshBuffer::create(whole, dram, device.get());

    std::mt19937 rng(2024);
    std::vector<std::uint32_t> a(size / 4), b(size / 4);
    for (auto& x : a) x = rng();
    for (auto& x : b) x = rng();
    distributed::EnqueueWriteMeshBuffer(cq, src0, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, src1, b, false);

    Program program = CreateProgram();
    for (auto cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_2}) {
        CreateCircularBuffer(program, core,
                             CircularBufferConfig(2 * page_bytes, {{cb, tt::DataFormat::UInt32}}).set_page_size(cb, page_bytes));
    }
    std::vector<std::uint32_t> compile_args;
    TensorAccessorArgs(*src0).append_to(compile_args);
    TensorAccessorArgs(*src1).append_to(compile_args);
    TensorAccessorArgs(*dst).append_to(compile_args);
    KernelHandle kernel = CreateKernel(program, "kernels/reader_writer_add_in_riscv.cpp", core,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                          .noc = NOC::RISCV_0_default,
                                                          .compile_args = compile_args});
    SetRuntimeArgs(program, kernel, core,
                   {static_cast<std::uint32_t>(src0->address()), static_cast<std::uint32_t>(src1->address()),
                    static_cast<std::uint32_t>(dst->address()), num_pages, page_bytes});

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<std::uint32_t> result;
    distributed::EnqueueReadMeshBuffer(cq, result, dst, true);
    device->close();

    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::uint32_t expected = a[i] + b[i];
        if (result.at(i) != expected && mismatches++ < 5) fmt::print("mismatch at {}: {} != {}\n", i, result[i], expected);
    }
    fmt::print("{} of {} sums exact\n", a.size() - mismatches, a.size());
    fmt::print("{}\n", mismatches == 0 ? "Test Passed" : "Test Failed");
    return mismatches == 0 ? 0 : 1;
}
