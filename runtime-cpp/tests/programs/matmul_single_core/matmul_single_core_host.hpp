// Host side of the single-core matmul (C = A x B, bf16, tiles in DRAM), written the way tt-metal's
// programming example is: Mesh API, three DRAM buffers, CBs c_0/c_1/c_16, reader/compute/writer kernels
// with TensorAccessorArgs. Shared by the matmul_single_core test and the benchmark; it runs one
// workload and returns the row-major result. It does not check results.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

#ifndef MATMUL_SINGLE_CORE_KERNELS_DIR
#error "MATMUL_SINGLE_CORE_KERNELS_DIR must point at matmul_single_core/kernels/"
#endif

namespace matmul_single_core {

using namespace tt;
using namespace tt::tt_metal;

struct Shape {
    uint32_t M, K, N;
};

// a is M x K, b is K x N, both row-major; returns the M x N row-major product computed on core (0,0).
inline std::vector<bfloat16> run(const std::shared_ptr<distributed::MeshDevice>& mesh_device,
                                 const std::vector<bfloat16>& a, const std::vector<bfloat16>& b, Shape shape,
                                 bool fp32_dest_acc_en) {
    using namespace tt::constants;
    const uint32_t Mt = shape.M / TILE_HEIGHT, Kt = shape.K / TILE_WIDTH, Nt = shape.N / TILE_WIDTH;

    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    distributed::MeshCoordinateRange device_range(mesh_device->shape());
    Program program = CreateProgram();
    const CoreCoord core{0, 0};

    const uint32_t tile_bytes = sizeof(bfloat16) * TILE_HW;
    const distributed::DeviceLocalBufferConfig dram_config{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    auto make_buffer = [&](uint32_t tiles) {
        return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * tile_bytes},
                                               dram_config, mesh_device.get());
    };
    auto a_buffer = make_buffer(Mt * Kt);
    auto b_buffer = make_buffer(Kt * Nt);
    auto c_buffer = make_buffer(Mt * Nt);

    constexpr uint32_t tiles_per_cb = 2;  // double buffering
    for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_1), uint32_t(CBIndex::c_16)}) {
        CircularBufferConfig cb_config =
            CircularBufferConfig(tiles_per_cb * tile_bytes, {{cb_index, tt::DataFormat::Float16_b}})
                .set_page_size(cb_index, tile_bytes);
        CreateCircularBuffer(program, core, cb_config);
    }

    std::vector<uint32_t> reader_compile_args;
    TensorAccessorArgs(*a_buffer).append_to(reader_compile_args);
    TensorAccessorArgs(*b_buffer).append_to(reader_compile_args);
    std::vector<uint32_t> writer_compile_args;
    TensorAccessorArgs(*c_buffer).append_to(writer_compile_args);

    const std::string kernels = MATMUL_SINGLE_CORE_KERNELS_DIR;
    KernelHandle reader = CreateKernel(program, kernels + "dataflow/reader_single_core_mm.cpp", core,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                          .noc = NOC::RISCV_1_default,
                                                          .compile_args = reader_compile_args});
    KernelHandle writer = CreateKernel(program, kernels + "dataflow/writer_single_core_mm.cpp", core,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                          .noc = NOC::RISCV_0_default,
                                                          .compile_args = writer_compile_args});
    CreateKernel(program, kernels + "compute/mm.cpp", core,
                 ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                               .fp32_dest_acc_en = fp32_dest_acc_en,
                               .compile_args = {Mt, Kt, Nt}});

    SetRuntimeArgs(program, reader, core,
                   {uint32_t(a_buffer->address()), uint32_t(b_buffer->address()), Mt, Kt, Nt});
    SetRuntimeArgs(program, writer, core, {uint32_t(c_buffer->address()), Mt, Nt});

    distributed::EnqueueWriteMeshBuffer(cq, a_buffer, tilize_nfaces(a, shape.M, shape.K), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buffer, tilize_nfaces(b, shape.K, shape.N), false);
    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);

    std::vector<bfloat16> c_tiles;
    distributed::EnqueueReadMeshBuffer(cq, c_tiles, c_buffer, true);
    return untilize_nfaces(c_tiles, shape.M, shape.N);
}

}  // namespace matmul_single_core
