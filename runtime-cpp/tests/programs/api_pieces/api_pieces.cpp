// api_pieces: one program on core (0,0) exercising APIs real tt-metal programs use:
//   host:   device->allocator()->get_alignment, Shape2D::height()/width() and structured bindings,
//           SystemMesh (default 4x8), SubDevice, Program::set_runtime_id, get_active_ethernet_cores (empty on one chip);
//   kernel: kernel_compile_time_args, DPRINT_DATA0 / DPRINT_DATA1 (printed only by a kernel on that NoC),
//           DPRINT << TileSlice from a compute kernel;
//   lookup: the compute kernel is found only through $TT_METAL_KERNEL_PATH.
// Every printed line is captured from stderr and checked.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/sub_device.hpp>
#include <tt-metalium/system_mesh.hpp>

using namespace tt::tt_metal;
using namespace tt::constants;

namespace {

bool ok = true;
void check(bool condition, const std::string& what) {
    std::cout << (condition ? "ok:   " : "FAIL: ") << what << "\n";
    ok = ok && condition;
}

std::string run_program_capturing_stderr(const std::shared_ptr<distributed::MeshDevice>& device, Program& program) {
    const std::string path = "api_pieces.stderr." + std::to_string(getpid());
    std::fflush(stderr);
    const int saved = dup(2);
    const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    dup2(fd, 2);
    close(fd);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(device->mesh_command_queue(), workload, true);
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
    auto device = distributed::MeshDevice::create_unit_mesh(0);

    // ---- host-side pieces ------------------------------------------------------------------------------
    check(device->allocator()->get_alignment(BufferType::DRAM) == 32, "DRAM alignment is 32 B (Wormhole)");
    check(device->allocator()->get_alignment(BufferType::L1) == 16, "L1 alignment is 16 B");
    const distributed::Shape2D shard_shape(64, 96);
    const auto [height, width] = shard_shape;
    check(shard_shape.height() == 64 && shard_shape.width() == 96 && height == 64 && width == 96, "Shape2D accessors");
    check(distributed::SystemMesh::instance().shape() == distributed::MeshShape(4, 8),
          "SystemMesh is a Galaxy's 4x8 unless TT_EMU_MESH says otherwise");
    std::ostringstream shape_text;
    shape_text << distributed::SystemMesh::instance().shape();
    check(shape_text.str() == "MeshShape([4, 8])", "MeshShape prints as tt-metal's: " + shape_text.str());
    const SubDevice sub_device(std::array<CoreRangeSet, NumHalProgrammableCoreTypes>{CoreRangeSet(CoreRange({0, 0}, {1, 1}))});
    check(sub_device.num_cores(HalProgrammableCoreType::TENSIX) == 4 && !sub_device.has_core_type(HalProgrammableCoreType::ACTIVE_ETH),
          "SubDevice counts its cores");
    check(device->get_active_ethernet_cores(true).empty(), "no active Ethernet cores on a single chip");

    // ---- kernels ---------------------------------------------------------------------------------------
    const CoreCoord core{0, 0};
    constexpr uint32_t tile_bytes = TILE_HW * sizeof(bfloat16);
    Program program = CreateProgram();
    program.set_runtime_id(4242);
    check(program.get_runtime_id() == 4242, "Program::set_runtime_id");
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(tile_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, tile_bytes));
    CreateKernel(program, "kernels/print_args_fill_tile.cpp", core,
                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::NOC_0, .compile_args = {3, 5, 7}});
    CreateKernel(program, "kernels/print_args_fill_tile.cpp", core,
                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::NOC_1, .compile_args = {1, 2}});
    const std::string kernel_root = (std::filesystem::current_path() / "kernel_path_root").string();
    setenv("TT_METAL_KERNEL_PATH", kernel_root.c_str(), 1);
    CreateKernel(program, "api_pieces/print_tile_slice.cpp", core, ComputeConfig{});
    unsetenv("TT_METAL_KERNEL_PATH");
    const std::string log = run_program_capturing_stderr(device, program);
    device->close();
    std::cout << "kernel output:\n" << log;

    const auto has = [&](const std::string& text) { return log.find(text) != std::string::npos; };
    check(has("data0: 3 args summing to 15"), "DPRINT_DATA0 prints from the NoC-0 kernel");
    check(has("data1: 2 args summing to 3"), "DPRINT_DATA1 prints from the NoC-1 kernel");
    check(!has("data0: 2 args") && !has("data1: 3 args"), "DPRINT_DATA0/1 print nothing from a kernel on the other NoC");
    // Tile element (h, w) holds h - w; the slice takes every 8th row and column.
    check(has("0 -8 -16 -24\n8 0 -8 -16\n16 8 0 -8\n24 16 8 0"), "TileSlice rows of the tile (untilized)");
    check(has("slice row 5: 5 4 3 2 1 0 -1 -2"), "TileSlice of one row with a narrow window");
    check(has("tile of 1024 elements"), "a kernel includes <tt-metalium/constants.hpp>");
    check(has("] a line ended by a newline character, sum 15\n"), "DPRINT ends a line at \"\\n\" as well as at ENDL()");
    std::cout << (ok ? "Test Passed" : "Test Failed") << std::endl;
    return ok ? 0 : 1;
}
