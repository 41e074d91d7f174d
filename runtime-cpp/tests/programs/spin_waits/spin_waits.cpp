// spin_waits: waits that spin instead of blocking. On core (0,0) reader and writer play three rounds of
// ping-pong on their semaphore through raw pointers, each spinning (with invalidate_l1_cache) until the other has
// stored — no API call announces those stores — so whichever runs first must hand over. Core (0,0)'s writer then
// raises core (1,0)'s semaphore to 5 with NoC increments, which core (1,0)'s reader spins for. Each writer polls
// cb_pages_available_at_front until its reader's page (the semaphore value it ended on) arrives and writes it to
// DRAM. The emulator runs a core's kernels one at a time, so each spin must hand over to the kernel it waits for; the test
// fails on a wrong value, and times out (ctest TIMEOUT) if a spin never hands over.
#include <cstdint>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    constexpr std::uint32_t page_bytes = 2048;
    const CoreCoord setter = {0, 0};
    const CoreCoord other = {1, 0};
    const CoreRangeSet cores(std::vector<CoreRange>{CoreRange(setter), CoreRange(other)});

    distributed::DeviceLocalBufferConfig dram{.page_size = page_bytes, .buffer_type = BufferType::DRAM};
    auto output = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 2 * page_bytes}, dram,
                                                  device.get());

    Program program = CreateProgram();
    CreateCircularBuffer(program, cores,
                         CircularBufferConfig(page_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, page_bytes));
    const std::uint32_t semaphore = CreateSemaphore(program, cores, 0);
    auto spinner = CreateKernel(program, "kernels/spinner.cpp", cores, ReaderDataMovementConfig({semaphore}));
    std::vector<std::uint32_t> setter_ct = {semaphore};
    TensorAccessorArgs(*output).append_to(setter_ct);
    auto writer = CreateKernel(program, "kernels/setter.cpp", cores, WriterDataMovementConfig(setter_ct));

    const CoreCoord other_noc = device->worker_core_from_logical_core(other);
    const auto address = static_cast<std::uint32_t>(output->address());
    SetRuntimeArgs(program, spinner, setter, {3, 6});
    SetRuntimeArgs(program, spinner, other, {0, 5});
    SetRuntimeArgs(program, writer, setter,
                   {address, 0, 3, 5, static_cast<std::uint32_t>(other_noc.x), static_cast<std::uint32_t>(other_noc.y)});
    SetRuntimeArgs(program, writer, other, {address, 1, 0, 0, 0, 0});

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<std::uint32_t> result;
    distributed::EnqueueReadMeshBuffer(cq, result, output, true);
    device->close();

    const std::uint32_t words_per_page = page_bytes / 4;
    const bool pass = result.size() == 2 * words_per_page && result[0] == 6 && result[words_per_page] == 5;
    fmt::print("core (0,0) saw {}, core (1,0) saw {} (expected 6 and 5)\n", result.empty() ? 0 : result[0],
               result.size() > words_per_page ? result[words_per_page] : 0);
    fmt::print("{}\n", pass ? "Test Passed" : "Test Failed");
    return pass ? 0 : 1;
}
