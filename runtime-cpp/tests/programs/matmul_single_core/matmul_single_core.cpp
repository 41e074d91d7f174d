// Test: single-core bf16 matmul through the emulator, checked two ways against CPU references:
//  1. PCC >= 0.9999 against an fp64 matmul of the same bf16 inputs (what a user checks);
//  2. bit-exact against an independent CPU model of the documented DST numerics (per matmul_tiles call:
//     fp32 sum of 32 products in k order, added to DST; 16-bit DST rounds to bf16 after every tile,
//     fp32 DST does not; pack rounds to bf16 RNE).
// Usage: matmul_single_core [M K N] [--fp32-dest]
#pragma GCC optimize("fp-contract=off")  // the model below must not fuse multiply and add

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "compute_checks.hpp"
#include "matmul_single_core_host.hpp"

namespace {

std::vector<float> fp64_matmul(const std::vector<bfloat16>& a, const std::vector<bfloat16>& b,
                               matmul_single_core::Shape s) {
    std::vector<float> c(size_t(s.M) * s.N);
    for (uint32_t i = 0; i < s.M; ++i)
        for (uint32_t j = 0; j < s.N; ++j) {
            double sum = 0;
            for (uint32_t k = 0; k < s.K; ++k) sum += double(float(a[i * s.K + k])) * double(float(b[k * s.N + j]));
            c[size_t(i) * s.N + j] = float(sum);
        }
    return c;
}

std::vector<float> dst_model_matmul(const std::vector<bfloat16>& a, const std::vector<bfloat16>& b,
                                    matmul_single_core::Shape s, bool fp32_dest) {
    std::vector<float> c(size_t(s.M) * s.N);
    for (uint32_t i = 0; i < s.M; ++i)
        for (uint32_t j = 0; j < s.N; ++j) {
            float dst = 0.0f;
            for (uint32_t k0 = 0; k0 < s.K; k0 += 32) {
                float tile_sum = 0.0f;
                for (uint32_t k = k0; k < k0 + 32; ++k) {
                    const float product = float(a[i * s.K + k]) * float(b[k * s.N + j]);
                    tile_sum += product;
                }
                dst = fp32_dest ? dst + tile_sum : float(bfloat16(dst + tile_sum));
            }
            c[size_t(i) * s.N + j] = float(bfloat16(dst));
        }
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    matmul_single_core::Shape shape{128, 256, 160};
    bool fp32_dest = false;
    std::vector<uint32_t> dims;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--fp32-dest") == 0) fp32_dest = true;
        else dims.push_back(uint32_t(std::strtoul(argv[i], nullptr, 10)));
    }
    if (dims.size() == 3) shape = {dims[0], dims[1], dims[2]};
    if (shape.M % 32 || shape.K % 32 || shape.N % 32 || shape.M == 0 || shape.K == 0 || shape.N == 0) {
        std::fprintf(stderr, "M, K, N must be non-zero multiples of 32\n");
        return 2;
    }
    std::printf("matmul_single_core %ux%ux%u, %s DST\n", shape.M, shape.K, shape.N, fp32_dest ? "fp32" : "bf16");

    const auto a = compute_checks::random_bfloat16(size_t(shape.M) * shape.K, -1.0f, 1.0f, 11);
    const auto b = compute_checks::random_bfloat16(size_t(shape.K) * shape.N, -1.0f, 1.0f, 12);

    try {
        auto mesh_device = tt::tt_metal::distributed::MeshDevice::create_unit_mesh(0);
        const auto result = compute_checks::to_floats(matmul_single_core::run(mesh_device, a, b, shape, fp32_dest));
        mesh_device->close();

        bool ok = true;
        const double pcc = compute_checks::pcc(fp64_matmul(a, b, shape), result);
        ok &= compute_checks::report("PCC vs fp64 matmul", pcc >= 0.9999, "pcc = " + std::to_string(pcc));

        size_t first = 0;
        const auto model = dst_model_matmul(a, b, shape, fp32_dest);
        const size_t mismatches = compute_checks::count_mismatches(model, result, &first);
        ok &= compute_checks::report(
            "bit-exact vs DST numerics model", mismatches == 0,
            mismatches == 0 ? "all equal"
                            : std::to_string(mismatches) + " differ, first at " + std::to_string(first) +
                                  ": expected " + std::to_string(model[first]) + " got " + std::to_string(result[first]));
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "matmul_single_core failed: %s\n", error.what());
        return 1;
    }
}
