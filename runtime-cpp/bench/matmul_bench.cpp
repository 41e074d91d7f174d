// Benchmark (not a test): a bf16 single-core matmul (default 640x640x640) through the emulator, timed
// against a plain C++ triple loop on the same data in the same process, plus the cost of the first
// workload (JIT compile of the three kernels unless TT_EMU_CACHE_DIR already holds them) versus a
// repeat run. Prints key=value lines that run.sh turns into a table. Checks PCC only as a sanity guard.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include "compute_checks.hpp"
#include "matmul_single_core_host.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<float> triple_loop_matmul(const std::vector<float>& a, const std::vector<float>& b, uint32_t M,
                                      uint32_t K, uint32_t N) {
    std::vector<float> c(size_t(M) * N);
    for (uint32_t i = 0; i < M; ++i)
        for (uint32_t j = 0; j < N; ++j) {
            float sum = 0.0f;
            for (uint32_t k = 0; k < K; ++k) sum += a[size_t(i) * K + k] * b[size_t(k) * N + j];
            c[size_t(i) * N + j] = sum;
        }
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    matmul_single_core::Shape shape{640, 640, 640};
    if (argc == 4) shape = {uint32_t(std::atoi(argv[1])), uint32_t(std::atoi(argv[2])), uint32_t(std::atoi(argv[3]))};
    const auto a = compute_checks::random_bfloat16(size_t(shape.M) * shape.K, -1.0f, 1.0f, 51);
    const auto b = compute_checks::random_bfloat16(size_t(shape.K) * shape.N, -1.0f, 1.0f, 52);
    const auto a_floats = compute_checks::to_floats(a);
    const auto b_floats = compute_checks::to_floats(b);

    auto start = std::chrono::steady_clock::now();
    const auto cpu = triple_loop_matmul(a_floats, b_floats, shape.M, shape.K, shape.N);
    const double cpu_seconds = seconds_since(start);

    try {
        start = std::chrono::steady_clock::now();
        auto mesh_device = tt::tt_metal::distributed::MeshDevice::create_unit_mesh(0);
        const double open_seconds = seconds_since(start);

        start = std::chrono::steady_clock::now();
        const auto first = matmul_single_core::run(mesh_device, a, b, shape, false);
        const double first_seconds = seconds_since(start);

        start = std::chrono::steady_clock::now();
        const auto second = matmul_single_core::run(mesh_device, a, b, shape, false);
        const double second_seconds = seconds_since(start);
        mesh_device->close();

        const double pcc = compute_checks::pcc(cpu, compute_checks::to_floats(second));
        const bool repeat_identical = first == second;
        std::printf("shape=%ux%ux%u\n", shape.M, shape.K, shape.N);
        std::printf("cpu_triple_loop_s=%.6f\n", cpu_seconds);
        std::printf("device_open_s=%.6f\n", open_seconds);
        std::printf("emulator_first_run_s=%.6f\n", first_seconds);
        std::printf("emulator_repeat_run_s=%.6f\n", second_seconds);
        std::printf("ratio_emulator_over_cpu=%.2f\n", second_seconds / cpu_seconds);
        std::printf("pcc=%.6f\n", pcc);
        std::printf("repeat_identical=%d\n", repeat_identical ? 1 : 0);
        return (pcc >= 0.9999 && repeat_identical) ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "matmul_bench failed: %s\n", error.what());
        return 1;
    }
}
