// Runs one deliberately faulty tt-metal program (chosen by argv[1]) and checks that the emulator reports
// it as an emu::Fault of the expected category whose message names the culprit. Exit 0 only then.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <emu/fault.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

namespace {

struct Expectation {
    std::string category;
    std::vector<std::string> message_parts;
};

constexpr std::uint32_t kPage = 2048;

void run(const std::shared_ptr<distributed::MeshDevice>& device, Program& program) {
    auto& cq = device->mesh_command_queue();
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    distributed::Finish(cq);
}

void add_cb(Program& program, CoreCoord core, std::uint32_t pages) {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(pages * kPage, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, kPage));
}

// Program with one reader kernel on `core` and a 2-page CB c_0.
void single_kernel(const std::shared_ptr<distributed::MeshDevice>& device, const std::string& kernel, CoreCoord core,
                   std::vector<std::uint32_t> args = {}) {
    Program program = CreateProgram();
    add_cb(program, core, 2);
    auto handle = CreateKernel(program, kernel, core, ReaderDataMovementConfig());
    if (!args.empty()) SetRuntimeArgs(program, handle, core, args);
    run(device, program);
}

// A reader that pushes one page into c_1 (Float32) and a compute kernel on the same core; c_0 and c_16 are Float16_b.
void compute_with_formats(const std::shared_ptr<distributed::MeshDevice>& device, const std::string& compute_kernel) {
    const CoreCoord core = {0, 0};
    Program program = CreateProgram();
    add_cb(program, core, 2);
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * 4096, {{tt::CBIndex::c_1, tt::DataFormat::Float32}})
                             .set_page_size(tt::CBIndex::c_1, 4096));
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * kPage, {{tt::CBIndex::c_16, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_16, kPage));
    CreateKernel(program, "kernels/push_one_page.cpp", core, ReaderDataMovementConfig());
    CreateKernel(program, compute_kernel, core, ComputeConfig{});
    run(device, program);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        fmt::print(stderr, "usage: fault_runner <case>\n");
        return 2;
    }
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    const std::map<std::string, std::pair<Expectation, std::function<void()>>> cases = {
        {"deadlock",
         {{"deadlock", {"kernels/wait_forever.cpp", "core (x=1,y=1)", "cb_wait_front(cb=0, pages=1)", "holds 0 of 2 pages"}},
          [&] { single_kernel(device, "kernels/wait_forever.cpp", {1, 1}); }}},
        {"cb_push_overflow",
         {{"cb overflow", {"kernels/push_more_than_reserved.cpp", "cb_push_back(cb=0, pages=3)", "more than the CB has free"}},
          [&] { single_kernel(device, "kernels/push_more_than_reserved.cpp", {0, 0}); }}},
        {"cb_reserve_overflow",
         {{"cb overflow", {"kernels/reserve_more_than_capacity.cpp", "cb_reserve_back(cb=0, pages=3)", "2 pages"}},
          [&] { single_kernel(device, "kernels/reserve_more_than_capacity.cpp", {0, 0}); }}},
        {"cb_underflow",
         {{"cb underflow", {"kernels/pop_more_than_waited.cpp", "cb_pop_front(cb=0, pages=2)", "waited"}},
          [&] { single_kernel(device, "kernels/pop_more_than_waited.cpp", {0, 0}); }}},
        {"l1_overflow",
         {{"l1 overflow", {"core (x=0,y=0)", "c_0 901120 B", "L1 buffers start at"}},
          [&] {
              auto big = Buffer::create(device.get(), 700 * 1024, 700 * 1024, BufferType::L1);
              Program program = CreateProgram();
              CreateCircularBuffer(program, CoreCoord{0, 0},
                                   CircularBufferConfig(440 * kPage, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                                       .set_page_size(tt::CBIndex::c_0, kPage));
              CreateKernel(program, "kernels/wait_forever.cpp", CoreCoord{0, 0}, ReaderDataMovementConfig());
              run(device, program);
          }}},
        {"noc_dram_outside_buffer",
         {{"noc access", {"kernels/read_unallocated_dram.cpp", "DRAM bank 0 address 0x30000000", "outside every allocated DRAM buffer"}},
          [&] { single_kernel(device, "kernels/read_unallocated_dram.cpp", {2, 2}); }}},
        {"noc_l1_outside_l1",
         {{"noc access", {"kernels/write_past_l1.cpp", "core (x=3,y=3)", "outside its 1499136 B of L1"}},
          [&] {
              const CoreCoord target = device->worker_core_from_logical_core({3, 3});
              single_kernel(device, "kernels/write_past_l1.cpp", {0, 0},
                            {static_cast<std::uint32_t>(target.x), static_cast<std::uint32_t>(target.y),
                             device->l1_size_per_core()});
          }}},
        {"noc_ethernet_core",
         {{"noc access", {"kernels/read_from_coordinate.cpp", "NoC 1 coordinate (25,16)", "Ethernet core channel 0",
                          "physical NoC 0 (9,0)"}},
          [&] {
              const CoreCoord eth = device->ethernet_core_from_logical_core({0, 0});
              single_kernel(device, "kernels/read_from_coordinate.cpp", {0, 0},
                            {static_cast<std::uint32_t>(eth.x), static_cast<std::uint32_t>(eth.y), 0x20000});
          }}},
        {"noc_pcie_core",
         {{"noc access", {"kernels/read_from_coordinate.cpp", "NoC 1 coordinate (9,8)", "physical NoC 0 (0,3)", "the PCIe core"}},
          // The reader runs on NoC 1, which sees physical coordinates mirrored: NoC 0 (0,3) is NoC 1 (9,8).
          [&] { single_kernel(device, "kernels/read_from_coordinate.cpp", {0, 0}, {9, 8, 0x20000}); }}},
        {"noc_harvested_row",
         {{"noc access", {"kernels/read_from_coordinate.cpp", "NoC 1 coordinate (7,0)", "physical NoC 0 (2,11)", "harvested"}},
          [&] { single_kernel(device, "kernels/read_from_coordinate.cpp", {0, 0}, {7, 0, 0x20000}); }}},
        {"noc_dispatch_core",
         {{"noc access", {"kernels/read_from_coordinate.cpp", "NoC 1 coordinate (18,26)", "fast dispatch", "logical (0,8)"}},
          [&] { single_kernel(device, "kernels/read_from_coordinate.cpp", {0, 0}, {18, 26, 0x20000}); }}},
        {"runtime_args_past_end",
         {{"runtime args", {"kernels/too_many_args.cpp", "get_arg_val(3)", "2 runtime args"}},
          [&] { single_kernel(device, "kernels/too_many_args.cpp", {0, 0}, {10, 20}); }}},
        {"missing_kernel_file",
         {{"missing kernel file", {"kernels/no_such_kernel.cpp", "not found"}},
          [&] { single_kernel(device, "kernels/no_such_kernel.cpp", {0, 0}); }}},
        {"unpack_format_mismatch",
         {{"format", {"kernels/unpack_other_format.cpp", "copy_tile: unpacks CB 1 (Float32) into srcA",
                      "unary_op_init_common set up for CB 0 (Float16_b)", "reconfig_data_format_srca(0, 1)"}},
          [&] { compute_with_formats(device, "kernels/unpack_other_format.cpp"); }}},
        {"kernel_compile_error",
         {{"kernel compile error", {"kernels/does_not_compile.cpp", "this_symbol_does_not_exist", "compiler output"}},
          [&] { single_kernel(device, "kernels/does_not_compile.cpp", {0, 0}); }}},
    };
    auto found = cases.find(argv[1]);
    if (found == cases.end()) {
        fmt::print(stderr, "unknown case {}\n", argv[1]);
        return 2;
    }
    const auto& [expected, program] = found->second;
    // No time limit here: on a busy machine a correct fault may arrive late. The ctest TIMEOUT is only a
    // generous hang guard.
    try {
        program();
    } catch (const emu::Fault& fault) {
        fmt::print("reported:\n{}\n", fault.what());
        bool ok = fault.category() == expected.category;
        if (!ok) fmt::print("FAIL: category '{}' but expected '{}'\n", fault.category(), expected.category);
        for (const auto& part : expected.message_parts) {
            if (std::string(fault.what()).find(part) == std::string::npos) {
                fmt::print("FAIL: message lacks '{}'\n", part);
                ok = false;
            }
        }
        return ok ? 0 : 1;
    }
    fmt::print("FAIL: no emulator fault was raised\n");
    return 1;
}
