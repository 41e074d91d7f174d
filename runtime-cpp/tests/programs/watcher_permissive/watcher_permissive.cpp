// watcher_permissive: y = x + s for one bf16 tile, where x streams from DRAM through c_0 and s is a shard
// already in core (0,0)'s L1, with c_1 placed on it (set_globally_allocated_address). The compute kernel
// misuses the CB/DST protocol the way some tt-metal programs do and the hardware tolerates:
//   - it reads c_1 without cb_wait_front (the CB sits on an L1 buffer, the data is there);
//   - it packs into c_16 without cb_reserve_back (the page is free) and pushes it without a reservation;
//   - it calls release_dst() after tile_regs_release();
// and the reader makes a NoC read whose source and destination differ modulo DRAM's read alignment.
// The program is run twice: with TT_METAL_WATCHER=1 every one of these must be reported on stderr, and
// without it none may be; both runs must produce exactly x + s.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;
using namespace tt::constants;

namespace {

constexpr uint32_t kTileBytes = TILE_HW * sizeof(bfloat16);

std::vector<bfloat16> run_once(const std::vector<bfloat16>& x, const std::vector<bfloat16>& s) {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    const CoreCoord core{0, 0};
    distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig one_tile{.size = kTileBytes};
    auto x_buffer = distributed::MeshBuffer::create(one_tile, dram, device.get());
    auto y_buffer = distributed::MeshBuffer::create(one_tile, dram, device.get());
    ShardSpecBuffer shard_spec(CoreRangeSet(CoreRange(core)), {TILE_HEIGHT, TILE_WIDTH}, ShardOrientation::ROW_MAJOR,
                               {TILE_HEIGHT, TILE_WIDTH}, {1, 1});
    distributed::DeviceLocalBufferConfig l1{.page_size = kTileBytes,
                                            .buffer_type = BufferType::L1,
                                            .sharding_args = BufferShardingArgs(shard_spec, TensorMemoryLayout::HEIGHT_SHARDED)};
    auto s_buffer = distributed::MeshBuffer::create(one_tile, l1, device.get());
    distributed::EnqueueWriteMeshBuffer(cq, x_buffer, x, false);
    distributed::EnqueueWriteMeshBuffer(cq, s_buffer, s, false);

    Program program = CreateProgram();
    for (auto cb : {tt::CBIndex::c_0, tt::CBIndex::c_16}) {
        CreateCircularBuffer(program, core,
                             CircularBufferConfig(2 * kTileBytes, {{cb, tt::DataFormat::Float16_b}}).set_page_size(cb, kTileBytes));
    }
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(kTileBytes, {{tt::CBIndex::c_1, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_1, kTileBytes)
                             .set_globally_allocated_address(*s_buffer->get_backing_buffer()));
    std::vector<uint32_t> reader_args, writer_args;
    TensorAccessorArgs(*x_buffer).append_to(reader_args);
    TensorAccessorArgs(*y_buffer).append_to(writer_args);
    auto reader = CreateKernel(program, "kernels/read_tile.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                  .noc = NOC::RISCV_1_default,
                                                  .compile_args = reader_args});
    auto writer = CreateKernel(program, "kernels/write_tile.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                  .noc = NOC::RISCV_0_default,
                                                  .compile_args = writer_args});
    CreateKernel(program, "kernels/add_shard_loosely.cpp", core, ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(x_buffer->address())});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(y_buffer->address())});

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> y;
    distributed::EnqueueReadMeshBuffer(cq, y, y_buffer, true);
    device->close();
    return y;
}

// Runs run_once with stderr captured into a file; returns what was written to stderr.
std::string run_capturing_stderr(const std::vector<bfloat16>& x, const std::vector<bfloat16>& s, std::vector<bfloat16>& y) {
    const std::string path = "watcher_permissive.stderr." + std::to_string(getpid());
    std::fflush(stderr);
    const int saved = dup(2);
    const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    dup2(fd, 2);
    close(fd);
    y = run_once(x, s);
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::stringstream text;
    text << std::ifstream(path).rdbuf();
    std::remove(path.c_str());
    return text.str();
}

}  // namespace

int main() {
    std::vector<bfloat16> x(TILE_HW), s(TILE_HW);
    for (uint32_t i = 0; i < TILE_HW; ++i) {
        x[i] = bfloat16(static_cast<float>(i % 64) - 32.0f);
        s[i] = bfloat16(static_cast<float>(i / 64) * 0.5f);
    }
    bool ok = true;
    const char* expected_warnings[] = {"[watcher]", "without cb_wait_front", "with 0 page(s) reserved",
                                       "DST was not acquired", "cb_push_back(cb=16, pages=1) pushes more pages",
                                       "differ modulo the 32-byte read alignment"};
    for (bool watcher : {true, false}) {
        if (watcher) setenv("TT_METAL_WATCHER", "1", 1); else unsetenv("TT_METAL_WATCHER");
        std::vector<bfloat16> y;
        const std::string log = run_capturing_stderr(x, s, y);
        std::cout << "TT_METAL_WATCHER " << (watcher ? "set" : "unset") << ", stderr:\n" << log;
        uint32_t wrong = 0;
        for (uint32_t i = 0; i < TILE_HW; ++i) {
            if (i >= y.size() || static_cast<float>(y[i]) != static_cast<float>(x[i]) + static_cast<float>(s[i])) ++wrong;
        }
        if (wrong != 0) {
            std::cout << "FAIL: " << wrong << " of " << TILE_HW << " results differ from x + s\n";
            ok = false;
        }
        for (const char* warning : expected_warnings) {
            const bool found = log.find(warning) != std::string::npos;
            if (found != watcher) {
                std::cout << "FAIL: '" << warning << "' " << (watcher ? "missing" : "reported without the watcher") << "\n";
                ok = false;
            }
        }
    }
    std::cout << (ok ? "Test Passed" : "Test Failed") << std::endl;
    return ok ? 0 : 1;
}
