// Test of individual compute-engine ops against CPU references, one case per run: broadcast COL/ROW/
// SCALAR, reduce (row SUM, col MAX) with a scaler tile, acc_to_dest, DST-reuse multiply, matmul with
// transposed B, an SFPU chain, SFPU sub/div/max, recip/exp on the faces a vector_mode names, exp on the row groups its iterations name, fill_tile, packer L1 accumulation and out-of-order pack. The
// references model a 16-bit DST: every value written into DST is rounded to bfloat16; output CB c_16 is Float32 so the
// check sees DST exactly. Tolerance: one bf16 rounding (2^-8 relative) plus 1e-6.
// Usage: compute_ops <case>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "compute_checks.hpp"
#include "sfpu_math.hpp"

using namespace tt;
using namespace tt::tt_metal;

namespace {

using Matrix = std::vector<float>;  // 32x32 row-major
float bf(float x) { return float(bfloat16(x)); }
float at(const Matrix& m, int i, int j) { return m[i * 32 + j]; }

Matrix elementwise(const std::function<float(int, int)>& f) {
    Matrix out(1024);
    for (int i = 0; i < 32; ++i)
        for (int j = 0; j < 32; ++j) out[i * 32 + j] = f(i, j);
    return out;
}

struct Case {
    std::function<Matrix(const Matrix&, const Matrix&, float)> tile0;  // expected output tile 0 from A, B, scaler
    bool tile1_is_a = false;                                           // out-of-order: tile 1 holds A
};

std::map<std::string, Case> cases() {
    std::map<std::string, Case> all;
    all["BCAST_COLS_MUL"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return bf(at(a, i, j) * at(b, i, 0)); });
    }};
    all["BCAST_ROWS_ADD"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return bf(at(a, i, j) + at(b, 0, j)); });
    }};
    all["BCAST_SCALAR_SUB"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return bf(at(a, i, j) - at(b, 0, 0)); });
    }};
    all["REDUCE_ROW_SUM"] = {[](const Matrix& a, const Matrix&, float s) {
        return elementwise([&](int i, int j) {
            if (j != 0) return 0.0f;
            double sum = 0;
            for (int w = 0; w < 32; ++w) sum += at(a, i, w);
            return bf(float(sum * s));
        });
    }};
    all["REDUCE_COL_MAX"] = {[](const Matrix& a, const Matrix&, float s) {
        return elementwise([&](int i, int j) {
            if (i != 0) return 0.0f;
            float m = at(a, 0, j);
            for (int h = 1; h < 32; ++h) m = std::max(m, at(a, h, j));
            return bf(m * s);
        });
    }};
    all["ADD_ACC_TO_DEST"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return bf(at(a, i, j) + at(b, i, j) + at(a, i, j)); });
    }};
    all["DEST_REUSE_MUL"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return bf(at(a, i, j) * at(b, i, j)); });
    }};
    all["MATMUL_TRANSPOSE"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) {
            double sum = 0;
            for (int k = 0; k < 32; ++k) sum += double(at(a, i, k)) * at(b, j, k);  // A x B^T
            return bf(float(sum));
        });
    }};
    // The SFPU cases follow Wormhole's numerics for a 16-bit DST (sfpu_math.hpp): the scalar ops are truncated to
    // bf16 by the store, recip_tile's default is the legacy reciprocal, sub is truncated, div rounds to nearest even.
    all["SFPU_CHAIN"] = {[](const Matrix& a, const Matrix&, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            auto dst = [](uint32_t bits) { return hw::store_to_dst(bits, false); };
            uint32_t x = dst(hw::binop_scalar(hw::Binary::Mul, hw::as_bits(at(a, i, j)), 0x40000000u));
            x = dst(hw::binop_scalar(hw::Binary::Add, x, 0x40A00000u));
            return hw::as_float(dst(hw::recip(x, false)));
        });
    }};
    all["SFPU_SUB"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            const uint32_t d = hw::binary(hw::Binary::Sub, hw::as_bits(at(a, i, j)), hw::as_bits(at(b, i, j)), false);
            return hw::as_float(hw::store_to_dst(d, false));
        });
    }};
    all["SFPU_DIV"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            const uint32_t d = hw::binary(hw::Binary::Div, hw::as_bits(at(a, i, j)), hw::as_bits(at(b, i, j)), false);
            return hw::as_float(hw::store_to_dst(d, false));
        });
    }};
    // vector_mode: the SFPU runs on the faces the mode names (tt-llk _llk_math_eltwise_unary_sfpu_params_: C = faces
    // 0 and 2, the left 16 columns; R = faces 0 and 1, the top 16 rows); the other faces keep the copied A.
    all["RECIP_LEFT_FACES"] = {[](const Matrix& a, const Matrix&, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            if (j >= 16) return at(a, i, j);
            return hw::as_float(hw::store_to_dst(hw::recip(hw::as_bits(at(a, i, j)), false), false));
        });
    }};
    all["EXP_TOP_FACES"] = {[](const Matrix& a, const Matrix&, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            if (i >= 16) return at(a, i, j);
            return hw::as_float(hw::store_to_dst(hw::exp(hw::as_bits(at(a, i, j)), false), false));
        });
    }};
    // exp_tile's `iterations` template argument: per face of the mode, iteration i covers the group of 4 rows
    // 4·(i/2) .. 4·(i/2)+3 and the columns of parity i%2 (tt-isa-documentation WormholeB0 SFPLOAD: an address picks
    // an aligned 4-row group and the even or odd columns; tt-llk's functions step it by 2). Three iterations on the
    // top faces: rows 0..3 whole, rows 4..7 at even columns, nothing else.
    all["EXP_THREE_ITERATIONS"] = {[](const Matrix& a, const Matrix&, float) {
        return elementwise([&](int i, int j) {
            namespace hw = emu::sfpu;
            const bool covered = i < 16 && (i < 4 || (i < 8 && j % 2 == 0));
            if (!covered) return at(a, i, j);
            return hw::as_float(hw::store_to_dst(hw::exp(hw::as_bits(at(a, i, j)), false), false));
        });
    }};
    all["BINARY_MAX"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return std::max(at(a, i, j), at(b, i, j)); });
    }};
    all["FILL_TRUNCATES"] = {[](const Matrix&, const Matrix&, float) {
        return elementwise([](int, int) { return 1.0f; });  // 1 + 3*2^-9 truncated to bf16 (RNE would give 1.0078125)
    }};
    all["L1_ACC"] = {[](const Matrix& a, const Matrix& b, float) {
        return elementwise([&](int i, int j) { return at(a, i, j) + at(b, i, j); });
    }};
    all["OUT_OF_ORDER"] = {[](const Matrix&, const Matrix& b, float) { return b; }, true};
    return all;
}

// Runs the CASE_<name> kernel on tiles a, b, scaler and returns the two Float32 output tiles, row-major.
std::vector<float> run_case(const std::string& name, const Matrix& a, const Matrix& b, const Matrix& scaler) {
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    const CoreCoord core{0, 0};
    const uint32_t in_tile = sizeof(bfloat16) * constants::TILE_HW, out_tile = sizeof(float) * constants::TILE_HW;
    auto buffer = [&](uint32_t page, uint32_t pages) {
        return distributed::MeshBuffer::create(
            distributed::ReplicatedBufferConfig{.size = page * pages},
            distributed::DeviceLocalBufferConfig{.page_size = page, .buffer_type = BufferType::DRAM}, mesh_device.get());
    };
    auto a_buffer = buffer(in_tile, 1), b_buffer = buffer(in_tile, 1), s_buffer = buffer(in_tile, 1);
    auto out_buffer = buffer(out_tile, 2);
    for (uint32_t cb_index : {0u, 1u, 2u}) {
        CreateCircularBuffer(program, core,
                             CircularBufferConfig(in_tile, {{uint8_t(cb_index), tt::DataFormat::Float16_b}})
                                 .set_page_size(cb_index, in_tile));
    }
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * out_tile, {{CBIndex::c_16, tt::DataFormat::Float32}})
                             .set_page_size(CBIndex::c_16, out_tile));
    std::vector<uint32_t> reader_args, writer_args;
    TensorAccessorArgs(*a_buffer).append_to(reader_args);
    TensorAccessorArgs(*out_buffer).append_to(writer_args);
    const std::string kernels = COMPUTE_OPS_KERNELS_DIR;
    auto reader = CreateKernel(program, kernels + "reader_three_tiles.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                  .noc = NOC::RISCV_1_default,
                                                  .compile_args = reader_args});
    auto writer = CreateKernel(program, kernels + "writer_two_tiles.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                  .noc = NOC::RISCV_0_default,
                                                  .compile_args = writer_args});
    CreateKernel(program, kernels + "compute_op.cpp", core, ComputeConfig{.defines = {{"CASE_" + name, "1"}}});
    SetRuntimeArgs(program, reader, core,
                   {uint32_t(a_buffer->address()), uint32_t(b_buffer->address()), uint32_t(s_buffer->address())});
    SetRuntimeArgs(program, writer, core, {uint32_t(out_buffer->address())});

    auto as_tile = [](const Matrix& m) {
        return tilize_nfaces(std::vector<bfloat16>(m.begin(), m.end()), 32, 32);
    };
    distributed::EnqueueWriteMeshBuffer(cq, a_buffer, as_tile(a), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buffer, as_tile(b), false);
    distributed::EnqueueWriteMeshBuffer(cq, s_buffer, as_tile(scaler), false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<float> out;
    distributed::EnqueueReadMeshBuffer(cq, out, out_buffer, true);
    mesh_device->close();
    return untilize_nfaces(out, 64, 32);  // two tiles stacked vertically
}

}  // namespace

int main(int argc, char** argv) {
    const auto all = cases();
    if (argc != 2 || !all.count(argv[1])) {
        std::fprintf(stderr, "usage: compute_ops <case>; cases:");
        for (const auto& [name, _] : all) std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    const std::string name = argv[1];
    auto to_matrix = [](const std::vector<bfloat16>& v) { return Matrix(v.begin(), v.end()); };
    const Matrix a = to_matrix(compute_checks::random_bfloat16(1024, -2.0f, 2.0f, 61));
    const Matrix b = to_matrix(compute_checks::random_bfloat16(1024, -2.0f, 2.0f, 62));
    const float scaler = 0.5f;
    const Matrix s(1024, scaler);

    try {
        const auto out = run_case(name, a, b, s);
        const Matrix tile0(out.begin(), out.begin() + 1024), tile1(out.begin() + 1024, out.end());
        const Matrix expected0 = all.at(name).tile0(a, b, scaler);
        const Matrix expected1 = all.at(name).tile1_is_a ? a : Matrix(1024, 0.0f);
        size_t bad = 0, first = 0;
        for (size_t e = 0; e < 1024; ++e) {
            const bool ok0 = std::fabs(tile0[e] - expected0[e]) <= std::ldexp(std::fabs(expected0[e]), -8) + 1e-6;
            const bool ok1 = tile1[e] == expected1[e];
            if (!(ok0 && ok1) && bad++ == 0) first = e;
        }
        const std::string detail = bad == 0 ? "all 2048 values match"
                                            : std::to_string(bad) + " mismatch(es), first at " + std::to_string(first) +
                                                  ": got " + std::to_string(tile0[first]) + " / " +
                                                  std::to_string(tile1[first]) + ", expected " +
                                                  std::to_string(expected0[first]) + " / " +
                                                  std::to_string(expected1[first]);
        return compute_checks::report("compute op " + name, bad == 0, detail) ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "compute_ops %s failed: %s\n", name.c_str(), error.what());
        return 1;
    }
}
