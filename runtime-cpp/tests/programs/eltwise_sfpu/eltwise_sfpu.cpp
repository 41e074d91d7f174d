// Test: an SFPU unary op on one core, through copy_tile -> <op>_tile -> pack_tile, with a 16-bit DST and bf16 CBs
// ("bf16", default) or fp32 DST and Float32 CBs ("fp32"). The ops with a Wormhole algorithm (exp, recip, sqrt,
// rsqrt, sigmoid, the compare-with-zero ops) must give exactly the bits of that algorithm (src/compute/sfpu_math.hpp,
// what silicon computes), and the math ops must also correlate with the fp64 function (PCC >= 0.9999); relu must be
// exact.
// An op whose constants another init loaded must fault (recip_after_sqrt_init).
// Usage: eltwise_sfpu [exp|relu|sqrt|rsqrt|recip|recip_precise|sigmoid|gtz|ltz|eqz|recip_after_sqrt_init] [bf16|fp32]
//        [n_tiles]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <emu/fault.hpp>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "compute_checks.hpp"
#include "sfpu_math.hpp"

using namespace tt;
using namespace tt::tt_metal;

namespace {

struct SfpuOp {
    std::string init, apply;
    float low, high;                                      // input range
    std::function<double(double)> reference;              // fp64 meaning (nullptr: exact op, no PCC)
    std::function<uint32_t(uint32_t, bool)> hardware;     // bits the SFPU stores, or nullptr (relu: exact)
    std::string expect_fault = {};                         // a misuse case: the fault message must name this init
};

float from_bits(uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    namespace hw = emu::sfpu;
    const std::map<std::string, SfpuOp> ops = {
        {"exp", {"exp_tile_init", "exp_tile", -4.0f, 4.0f, [](double x) { return std::exp(x); },
                 [](uint32_t x, bool fp32) { return hw::exp(x, fp32); }}},
        {"relu", {"relu_tile_init", "relu_tile", -2.0f, 2.0f, nullptr, nullptr}},
        {"sqrt", {"sqrt_tile_init", "sqrt_tile", 0.0f, 16.0f, [](double x) { return std::sqrt(x); },
                  [](uint32_t x, bool fp32) { return hw::sqrt(x, fp32); }}},
        {"rsqrt", {"rsqrt_tile_init", "rsqrt_tile", 0.01f, 16.0f, [](double x) { return 1 / std::sqrt(x); },
                   [](uint32_t x, bool fp32) { return hw::rsqrt(x, fp32); }}},
        {"recip", {"recip_tile_init", "recip_tile", 0.5f, 8.0f, [](double x) { return 1 / x; },
                   [](uint32_t x, bool fp32) { return hw::recip(x, fp32, false, true); }}},
        {"recip_precise", {"recip_tile_init<false>", "recip_tile<false>", 0.5f, 8.0f, [](double x) { return 1 / x; },
                           [](uint32_t x, bool fp32) { return hw::recip(x, fp32, false, false); }}},
        {"sigmoid", {"sigmoid_tile_init", "sigmoid_tile", -8.0f, 8.0f, [](double x) { return 1 / (1 + std::exp(-x)); },
                     [](uint32_t x, bool fp32) { return hw::sigmoid(x, fp32); }}},
        // recip_tile<false> reads the reciprocal constants; sqrt_tile_init loaded sqrt's instead.
        {"recip_after_sqrt_init", {"sqrt_tile_init", "recip_tile<false>", 0.5f, 8.0f, nullptr, nullptr,
                                   "recip_tile_init<false>()"}},
        {"gtz", {"gtz_tile_init", "gtz_tile", -2.0f, 2.0f, nullptr,
                 [](uint32_t x, bool) { return hw::compare_zero(hw::ZeroCompare::Gtz, x); }}},
        {"ltz", {"ltz_tile_init", "ltz_tile", -2.0f, 2.0f, nullptr,
                 [](uint32_t x, bool) { return hw::compare_zero(hw::ZeroCompare::Ltz, x); }}},
        {"eqz", {"eqz_tile_init", "eqz_tile", -2.0f, 2.0f, nullptr,
                 [](uint32_t x, bool) { return hw::compare_zero(hw::ZeroCompare::Eqz, x); }}},
    };
    const std::string name = argc > 1 ? argv[1] : "exp";
    const std::string dst_mode = argc > 2 ? argv[2] : "bf16";
    const uint32_t n_tiles = argc > 3 ? uint32_t(std::atoi(argv[3])) : 4;
    if (!ops.count(name) || (dst_mode != "bf16" && dst_mode != "fp32") || n_tiles == 0) {
        std::fprintf(stderr, "usage: eltwise_sfpu [exp|relu|sqrt|rsqrt|recip|recip_precise|sigmoid|gtz|ltz|eqz|"
                             "recip_after_sqrt_init] [bf16|fp32] [n_tiles > 0]\n");
        return 2;
    }
    const SfpuOp& op = ops.at(name);
    const bool fp32 = dst_mode == "fp32";
    std::printf("eltwise_sfpu %s, %s DST, over %u tiles\n", name.c_str(), dst_mode.c_str(), n_tiles);

    // Inputs: uniform in the op's range (bf16 values for a 16-bit DST), with some exact +0 (and -0 for ranges below 0).
    const size_t elements = size_t(n_tiles) * constants::TILE_HW;
    std::vector<float> input(elements);
    std::mt19937 generator(41);
    std::uniform_real_distribution<float> distribution(op.low, op.high);
    for (size_t i = 0; i < elements; ++i) {
        input[i] = fp32 ? distribution(generator) : float(bfloat16(distribution(generator)));
        if (op.low <= 0.0f && i % 37 == 0) input[i] = (op.low < 0.0f && i % 74 == 0) ? -0.0f : 0.0f;
    }

    try {
        auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
        distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
        Program program = CreateProgram();
        const CoreCoord core{0, 0};
        const tt::DataFormat format = fp32 ? tt::DataFormat::Float32 : tt::DataFormat::Float16_b;
        const uint32_t tile_bytes = (fp32 ? 4 : 2) * constants::TILE_HW;
        const distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
        const distributed::ReplicatedBufferConfig size{.size = n_tiles * tile_bytes};
        auto in_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        auto out_buffer = distributed::MeshBuffer::create(size, dram, mesh_device.get());
        for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_16)}) {
            CreateCircularBuffer(program, core,
                                 CircularBufferConfig(2 * tile_bytes, {{cb_index, format}})
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
                                   .fp32_dest_acc_en = fp32,
                                   .math_approx_mode = false,
                                   .compile_args = {n_tiles},
                                   .defines = {{"SFPU_OP_INIT", op.init}, {"SFPU_OP", op.apply}}});
        SetRuntimeArgs(program, reader, core, {uint32_t(in_buffer->address()), n_tiles});
        SetRuntimeArgs(program, writer, core, {uint32_t(out_buffer->address()), n_tiles});

        std::vector<float> result;
        if (fp32) {
            distributed::EnqueueWriteMeshBuffer(cq, in_buffer, input, false);
        } else {
            distributed::EnqueueWriteMeshBuffer(cq, in_buffer, std::vector<bfloat16>(input.begin(), input.end()), false);
        }
        distributed::MeshWorkload workload;
        workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
        distributed::EnqueueMeshWorkload(cq, workload, false);
        if (fp32) {
            distributed::EnqueueReadMeshBuffer(cq, result, out_buffer, true);
        } else {
            std::vector<bfloat16> output;
            distributed::EnqueueReadMeshBuffer(cq, output, out_buffer, true);
            result = compute_checks::to_floats(output);
        }
        mesh_device->close();

        bool ok = true;
        std::vector<float> expected(elements);
        for (size_t i = 0; i < elements; ++i) {
            uint32_t bits;
            std::memcpy(&bits, &input[i], 4);
            expected[i] = op.hardware ? from_bits(hw::store_to_dst(op.hardware(bits, fp32), fp32))
                                      : (input[i] > 0.0f ? input[i] : 0.0f);
        }
        size_t first = 0;
        const size_t mismatches = compute_checks::count_mismatches(expected, result, &first);
        ok &= compute_checks::report(op.hardware ? "bit-exact with the Wormhole algorithm" : "exact", mismatches == 0,
                                     mismatches == 0 ? "all " + std::to_string(elements) + " values"
                                                     : std::to_string(mismatches) + " mismatch(es), first at x = " +
                                                           std::to_string(input[first]) + ": got " +
                                                           std::to_string(result[first]) + ", expected " +
                                                           std::to_string(expected[first]));
        if (op.reference) {
            std::vector<float> exact(elements);
            for (size_t i = 0; i < elements; ++i) exact[i] = float(op.reference(double(input[i])));
            const double pcc = compute_checks::pcc(exact, result);
            ok &= compute_checks::report("PCC vs fp64", pcc >= 0.9999, "pcc = " + std::to_string(pcc));
        }
        if (!op.expect_fault.empty()) ok = compute_checks::report("SFPU constants fault", false, "no fault raised");
        return ok ? 0 : 1;
    } catch (const emu::Fault& fault) {
        if (op.expect_fault.empty()) {
            std::fprintf(stderr, "eltwise_sfpu failed: %s\n", fault.what());
            return 1;
        }
        const bool named =
            fault.category() == "sfpu" && std::string(fault.what()).find(op.expect_fault) != std::string::npos;
        return compute_checks::report("SFPU constants fault", named, fault.what()) ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "eltwise_sfpu failed: %s\n", error.what());
        return 1;
    }
}
