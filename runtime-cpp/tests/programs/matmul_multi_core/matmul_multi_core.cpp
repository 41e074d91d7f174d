// Test: multi-core bf16 matmul; output tiles are divided over the worker grid with split_work_to_cores
// (two core groups, one compute kernel each). Checked against an fp64 CPU matmul (PCC >= 0.9999) and
// tile-for-tile against the single-rounding-per-K-tile DST model (bit-exact), which also proves every
// output tile was written by exactly the core that owns it.
// Usage: matmul_multi_core [M K N]
#pragma GCC optimize("fp-contract=off")

#include <cstdio>
#include <cstdlib>
#include <exception>
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
#include <tt-metalium/work_split.hpp>

#include "compute_checks.hpp"

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::constants;

namespace {

struct Shape {
    uint32_t M, K, N;
};

std::vector<bfloat16> matmul_multi_core(const std::shared_ptr<distributed::MeshDevice>& mesh_device,
                                        const std::vector<bfloat16>& a, const std::vector<bfloat16>& b, Shape s) {
    const uint32_t Mt = s.M / TILE_HEIGHT, Kt = s.K / TILE_WIDTH, Nt = s.N / TILE_WIDTH;
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    distributed::MeshWorkload workload;
    distributed::MeshCoordinateRange device_range(mesh_device->shape());
    Program program = CreateProgram();

    const CoreCoord grid = mesh_device->compute_with_storage_grid_size();
    auto [num_cores, all_cores, core_group_1, core_group_2, tiles_per_core_1, tiles_per_core_2] =
        split_work_to_cores(grid, Mt * Nt);
    std::printf("  %u output tiles over %u cores of a %zux%zu grid (%u / %u tiles per core)\n", Mt * Nt, num_cores,
                size_t(grid.x), size_t(grid.y), tiles_per_core_1, tiles_per_core_2);

    const uint32_t tile_bytes = sizeof(bfloat16) * TILE_HW;
    const distributed::DeviceLocalBufferConfig dram_config{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    auto make_buffer = [&](uint32_t tiles) {
        return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * tile_bytes},
                                               dram_config, mesh_device.get());
    };
    auto a_buffer = make_buffer(Mt * Kt);
    auto b_buffer = make_buffer(Kt * Nt);
    auto c_buffer = make_buffer(Mt * Nt);

    for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_1), uint32_t(CBIndex::c_16)}) {
        CreateCircularBuffer(program, all_cores,
                             CircularBufferConfig(2 * tile_bytes, {{cb_index, tt::DataFormat::Float16_b}})
                                 .set_page_size(cb_index, tile_bytes));
    }

    std::vector<uint32_t> reader_compile_args;
    TensorAccessorArgs(*a_buffer).append_to(reader_compile_args);
    TensorAccessorArgs(*b_buffer).append_to(reader_compile_args);
    std::vector<uint32_t> writer_compile_args;
    TensorAccessorArgs(*c_buffer).append_to(writer_compile_args);

    const std::string kernels = MATMUL_MULTI_CORE_KERNELS_DIR;
    KernelHandle reader = CreateKernel(program, kernels + "dataflow/reader_mm_output_tiles_partitioned.cpp", all_cores,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                          .noc = NOC::RISCV_1_default,
                                                          .compile_args = reader_compile_args});
    KernelHandle writer = CreateKernel(program, kernels + "dataflow/writer_unary_interleaved_start_id.cpp", all_cores,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                          .noc = NOC::RISCV_0_default,
                                                          .compile_args = writer_compile_args});
    CreateKernel(program, kernels + "compute/mm.cpp", core_group_1,
                 ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {tiles_per_core_1, Kt}});
    if (!core_group_2.ranges().empty()) {
        CreateKernel(program, kernels + "compute/mm.cpp", core_group_2,
                     ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {tiles_per_core_2, Kt}});
    }

    uint32_t next_tile = 0;
    for (const CoreCoord& core : corerange_to_cores(all_cores, num_cores, false)) {
        const uint32_t tiles = core_group_1.contains(core) ? tiles_per_core_1 : tiles_per_core_2;
        SetRuntimeArgs(program, reader, core,
                       {uint32_t(a_buffer->address()), uint32_t(b_buffer->address()), Kt, Nt, next_tile, tiles});
        SetRuntimeArgs(program, writer, core, {uint32_t(c_buffer->address()), tiles, next_tile});
        next_tile += tiles;
    }

    distributed::EnqueueWriteMeshBuffer(cq, a_buffer, tilize_nfaces(a, s.M, s.K), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buffer, tilize_nfaces(b, s.K, s.N), false);
    workload.add_program(device_range, std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> c_tiles;
    distributed::EnqueueReadMeshBuffer(cq, c_tiles, c_buffer, true);
    return untilize_nfaces(c_tiles, s.M, s.N);
}

}  // namespace

int main(int argc, char** argv) {
    Shape s{320, 128, 288};  // 10 x 9 = 90 output tiles: more than 64 cores, so the groups differ
    if (argc == 4) s = {uint32_t(std::atoi(argv[1])), uint32_t(std::atoi(argv[2])), uint32_t(std::atoi(argv[3]))};
    std::printf("matmul_multi_core %ux%ux%u\n", s.M, s.K, s.N);
    const auto a = compute_checks::random_bfloat16(size_t(s.M) * s.K, -1.0f, 1.0f, 21);
    const auto b = compute_checks::random_bfloat16(size_t(s.K) * s.N, -1.0f, 1.0f, 22);

    std::vector<float> reference(size_t(s.M) * s.N), model(size_t(s.M) * s.N);
    for (uint32_t i = 0; i < s.M; ++i)
        for (uint32_t j = 0; j < s.N; ++j) {
            double exact = 0;
            float dst = 0.0f;
            for (uint32_t k0 = 0; k0 < s.K; k0 += 32) {
                float tile_sum = 0.0f;
                for (uint32_t k = k0; k < k0 + 32; ++k) {
                    const float product = float(a[i * s.K + k]) * float(b[k * s.N + j]);
                    tile_sum += product;
                    exact += double(float(a[i * s.K + k])) * double(float(b[k * s.N + j]));
                }
                dst = float(bfloat16(dst + tile_sum));
            }
            reference[size_t(i) * s.N + j] = float(exact);
            model[size_t(i) * s.N + j] = dst;
        }

    try {
        auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
        const auto result = compute_checks::to_floats(matmul_multi_core(mesh_device, a, b, s));
        mesh_device->close();
        bool ok = true;
        const double pcc = compute_checks::pcc(reference, result);
        ok &= compute_checks::report("PCC vs fp64 matmul", pcc >= 0.9999, "pcc = " + std::to_string(pcc));
        size_t first = 0;
        const size_t mismatches = compute_checks::count_mismatches(model, result, &first);
        ok &= compute_checks::report("bit-exact vs DST numerics model", mismatches == 0,
                                     std::to_string(mismatches) + " element(s) differ" +
                                         (mismatches ? ", first at " + std::to_string(first) : std::string()));
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "matmul_multi_core failed: %s\n", error.what());
        return 1;
    }
}
