// Test: element-wise binary op (add by default; sub / mul by argument) over n tiles on one core,
// checked against the CPU: every element must equal bfloat16(a op b) (one fp32 op, one RNE rounding),
// and PCC >= 0.9999 against the fp64 result.
// Usage: eltwise_binary [add|sub|mul] [n_tiles]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "compute_checks.hpp"

using namespace tt;
using namespace tt::tt_metal;

int main(int argc, char** argv) {
    const std::string op = argc > 1 ? argv[1] : "add";
    const uint32_t n_tiles = argc > 2 ? uint32_t(std::atoi(argv[2])) : 64;
    const std::map<std::string, std::pair<std::string, std::string>> op_defines = {
        {"add", {"add_tiles_init", "add_tiles"}},
        {"sub", {"sub_tiles_init", "sub_tiles"}},
        {"mul", {"mul_tiles_init", "mul_tiles"}},
    };
    if (!op_defines.count(op) || n_tiles == 0) {
        std::fprintf(stderr, "usage: eltwise_binary [add|sub|mul] [n_tiles > 0]\n");
        return 2;
    }
    std::printf("eltwise_binary %s over %u tiles\n", op.c_str(), n_tiles);

    const size_t elements = size_t(n_tiles) * constants::TILE_HW;
    // Elements are independent, so the tiles need no tilizing for the check.
    const auto a = compute_checks::random_bfloat16(elements, -10.0f, 10.0f, 31);
    const auto b = compute_checks::random_bfloat16(elements, -10.0f, 10.0f, 32);

    try {
        auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
        distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
        Program program = CreateProgram();
        const CoreCoord core{0, 0};
        const uint32_t tile_bytes = sizeof(bfloat16) * constants::TILE_HW;
        const distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
        const distributed::ReplicatedBufferConfig size{.size = n_tiles * tile_bytes};
        auto a_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        auto b_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        auto c_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());

        for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_1), uint32_t(CBIndex::c_16)}) {
            CreateCircularBuffer(program, core,
                                 CircularBufferConfig(2 * tile_bytes, {{cb_index, tt::DataFormat::Float16_b}})
                                     .set_page_size(cb_index, tile_bytes));
        }
        std::vector<uint32_t> reader_args;
        TensorAccessorArgs(*a_buffer).append_to(reader_args);
        TensorAccessorArgs(*b_buffer).append_to(reader_args);
        std::vector<uint32_t> writer_args;
        TensorAccessorArgs(*c_buffer).append_to(writer_args);

        const std::string kernels = ELTWISE_BINARY_KERNELS_DIR;
        auto reader = CreateKernel(program, kernels + "dataflow/read_tiles.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                      .noc = NOC::RISCV_1_default,
                                                      .compile_args = reader_args});
        auto writer = CreateKernel(program, kernels + "dataflow/write_tile.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                      .noc = NOC::RISCV_0_default,
                                                      .compile_args = writer_args});
        auto compute = CreateKernel(program, kernels + "compute/tiles_binary.cpp", core,
                                    ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                                                  .defines = {{"BINARY_OP_INIT", op_defines.at(op).first},
                                                              {"BINARY_OP", op_defines.at(op).second}}});
        SetRuntimeArgs(program, reader, core,
                       {uint32_t(a_buffer->address()), uint32_t(b_buffer->address()), n_tiles});
        SetRuntimeArgs(program, writer, core, {uint32_t(c_buffer->address()), n_tiles});
        SetRuntimeArgs(program, compute, core, {n_tiles});

        distributed::EnqueueWriteMeshBuffer(cq, a_buffer, a, false);
        distributed::EnqueueWriteMeshBuffer(cq, b_buffer, b, false);
        distributed::MeshWorkload workload;
        workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
        distributed::EnqueueMeshWorkload(cq, workload, false);
        std::vector<bfloat16> c;
        distributed::EnqueueReadMeshBuffer(cq, c, c_buffer, true);
        mesh_device->close();

        std::vector<float> expected(elements), exact(elements);
        for (size_t i = 0; i < elements; ++i) {
            const float x = float(a[i]), y = float(b[i]);
            const float r = op == "add" ? x + y : op == "sub" ? x - y : x * y;
            expected[i] = float(bfloat16(r));
            exact[i] = float(op == "add" ? double(x) + y : op == "sub" ? double(x) - y : double(x) * y);
        }
        const auto result = compute_checks::to_floats(c);
        bool ok = true;
        const double pcc = compute_checks::pcc(exact, result);
        ok &= compute_checks::report("PCC vs fp64", pcc >= 0.9999, "pcc = " + std::to_string(pcc));
        size_t first = 0;
        const size_t mismatches = compute_checks::count_mismatches(expected, result, &first);
        ok &= compute_checks::report("equals bfloat16(a op b)", mismatches == 0,
                                     std::to_string(mismatches) + " element(s) differ" +
                                         (mismatches ? ", first at " + std::to_string(first) : std::string()));
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "eltwise_binary failed: %s\n", error.what());
        return 1;
    }
}
