// Test: an SFPU unary op (exp by default; relu or sqrt by argument) on one core, checked against the
// CPU: PCC >= 0.9999 against the fp64 function, and every element within one bfloat16 rounding
// (relative 2^-8) of it.
// Usage: eltwise_sfpu [exp|relu|sqrt] [n_tiles]
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

namespace {

struct SfpuOp {
    std::string init, apply;
    float low, high;            // input range
    double (*reference)(double);
};

double relu(double x) { return x > 0 ? x : 0; }
double exp_fn(double x) { return std::exp(x); }
double sqrt_fn(double x) { return std::sqrt(x); }

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, SfpuOp> ops = {
        {"exp", {"exp_tile_init", "exp_tile", -4.0f, 4.0f, exp_fn}},
        {"relu", {"relu_tile_init", "relu_tile", -2.0f, 2.0f, relu}},
        {"sqrt", {"sqrt_tile_init", "sqrt_tile", 0.0f, 16.0f, sqrt_fn}},
    };
    const std::string name = argc > 1 ? argv[1] : "exp";
    const uint32_t n_tiles = argc > 2 ? uint32_t(std::atoi(argv[2])) : 16;
    if (!ops.count(name) || n_tiles == 0) {
        std::fprintf(stderr, "usage: eltwise_sfpu [exp|relu|sqrt] [n_tiles > 0]\n");
        return 2;
    }
    const SfpuOp& op = ops.at(name);
    std::printf("eltwise_sfpu %s over %u tiles\n", name.c_str(), n_tiles);

    const size_t elements = size_t(n_tiles) * constants::TILE_HW;
    const auto input = compute_checks::random_bfloat16(elements, op.low, op.high, 41);

    try {
        auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
        distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
        Program program = CreateProgram();
        const CoreCoord core{0, 0};
        const uint32_t tile_bytes = sizeof(bfloat16) * constants::TILE_HW;
        const distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
        const distributed::ReplicatedBufferConfig size{.size = n_tiles * tile_bytes};
        auto in_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        auto out_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_16)}) {
            CreateCircularBuffer(program, core,
                                 CircularBufferConfig(2 * tile_bytes, {{cb_index, tt::DataFormat::Float16_b}})
                                     .set_page_size(cb_index, tile_bytes));
        }
        std::vector<uint32_t> reader_args, writer_args;
        TensorAccessorArgs(*in_buffer).append_to(reader_args);
        TensorAccessorArgs(*out_buffer).append_to(writer_args);
        const std::string kernels = ELTWISE_SFPU_KERNELS_DIR;
        auto reader = CreateKernel(program, kernels + "dataflow/read_tile.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                      .noc = NOC::RISCV_1_default,
                                                      .compile_args = reader_args});
        auto writer = CreateKernel(program, kernels + "dataflow/write_tile.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                      .noc = NOC::RISCV_0_default,
                                                      .compile_args = writer_args});
        CreateKernel(program, kernels + "compute/eltwise_sfpu.cpp", core,
                     ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                                   .math_approx_mode = false,
                                   .compile_args = {n_tiles},
                                   .defines = {{"SFPU_OP_INIT", op.init}, {"SFPU_OP", op.apply}}});
        SetRuntimeArgs(program, reader, core, {uint32_t(in_buffer->address()), n_tiles});
        SetRuntimeArgs(program, writer, core, {uint32_t(out_buffer->address()), n_tiles});

        distributed::EnqueueWriteMeshBuffer(cq, in_buffer, input, false);
        distributed::MeshWorkload workload;
        workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
        distributed::EnqueueMeshWorkload(cq, workload, false);
        std::vector<bfloat16> output;
        distributed::EnqueueReadMeshBuffer(cq, output, out_buffer, true);
        mesh_device->close();

        std::vector<float> exact(elements);
        size_t outside_one_rounding = 0;
        const auto result = compute_checks::to_floats(output);
        for (size_t i = 0; i < elements; ++i) {
            const double expected = op.reference(double(float(input[i])));
            exact[i] = float(expected);
            if (std::fabs(result[i] - expected) > std::ldexp(std::fabs(expected), -8) + 1e-30) ++outside_one_rounding;
        }
        bool ok = true;
        const double pcc = compute_checks::pcc(exact, result);
        ok &= compute_checks::report("PCC vs fp64", pcc >= 0.9999, "pcc = " + std::to_string(pcc));
        ok &= compute_checks::report("within one bf16 rounding", outside_one_rounding == 0,
                                     std::to_string(outside_one_rounding) + " element(s) outside");
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "eltwise_sfpu failed: %s\n", error.what());
        return 1;
    }
}
