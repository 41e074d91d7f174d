// raw_l1_pointers: c = a + b for 256 uint32 values. The kernel reads a and b from DRAM into three L1
// buffers whose addresses it gets as runtime args, adds them through plain uint32_t* pointers to those
// addresses, and writes c back from L1 to DRAM -- the add_2_integers_in_riscv pattern.
// Usage: raw_l1_pointers single|two|wild
//   single: the kernel runs on core (1,2); c must be exact.
//   two:    the same kernel on cores (1,2) and (3,0); the run must fail with an emu::Fault "memory access"
//           naming the kernel, a core and the L1 address it dereferenced (not crash).
//   wild:   the kernel on one core dereferences a non-L1 address; the same loud fault.
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <emu/fault.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "single";
    constexpr uint32_t n = 256;
    constexpr uint32_t bytes = n * sizeof(uint32_t);
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    distributed::ReplicatedBufferConfig whole{.size = bytes};
    distributed::DeviceLocalBufferConfig dram{.page_size = bytes, .buffer_type = BufferType::DRAM};
    distributed::DeviceLocalBufferConfig l1{.page_size = bytes, .buffer_type = BufferType::L1};
    auto a_dram = distributed::MeshBuffer::create(whole, dram, device.get());
    auto b_dram = distributed::MeshBuffer::create(whole, dram, device.get());
    auto c_dram = distributed::MeshBuffer::create(whole, dram, device.get());
    auto a_l1 = distributed::MeshBuffer::create(whole, l1, device.get());
    auto b_l1 = distributed::MeshBuffer::create(whole, l1, device.get());
    auto c_l1 = distributed::MeshBuffer::create(whole, l1, device.get());

    std::vector<uint32_t> a(n), b(n);
    for (uint32_t i = 0; i < n; ++i) a[i] = i * 2654435761u, b[i] = 0xFFFFFF00u + i;
    distributed::EnqueueWriteMeshBuffer(cq, a_dram, a, false);
    distributed::EnqueueWriteMeshBuffer(cq, b_dram, b, false);

    Program program = CreateProgram();
    const CoreRangeSet cores = mode == "two" ? CoreRangeSet(std::vector{CoreRange({1, 2}), CoreRange({3, 0})})
                                             : CoreRangeSet(CoreRange({1, 2}));
    KernelHandle kernel = CreateKernel(program, "kernels/add_in_l1_by_pointer.cpp", cores,
                                       DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                          .noc = NOC::RISCV_0_default,
                                                          .defines = {{"WILD_POINTER", mode == "wild" ? "1" : "0"}}});
    const auto address = [](const std::shared_ptr<distributed::MeshBuffer>& buffer) {
        return static_cast<uint32_t>(buffer->address());
    };
    for (const auto& range : cores.ranges()) {
        SetRuntimeArgs(program, kernel, range,
                       {address(a_dram), address(b_dram), address(c_dram), address(a_l1), address(b_l1), address(c_l1), n});
    }
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    std::vector<uint32_t> c;
    try {
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::EnqueueReadMeshBuffer(cq, c, c_dram, true);
    } catch (const emu::Fault& fault) {
        const std::string text = fault.what();
        std::cout << "fault: " << text << std::endl;
        const bool loud = fault.category() == "memory access" &&
                          text.find("kernels/add_in_l1_by_pointer.cpp") != std::string::npos &&
                          text.find("core (x=") != std::string::npos &&
                          text.find(mode == "two" ? fmt::format("{:#x}", address(a_l1)) : std::string("0xdead0000")) !=
                              std::string::npos;
        std::cout << (mode != "single" && loud ? "Test Passed" : "Test Failed") << std::endl;
        return mode != "single" && loud ? 0 : 1;
    }
    device->close();
    if (mode != "single") {
        std::cout << "Test Failed: no fault for mode " << mode << std::endl;
        return 1;
    }
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < n; ++i) wrong += c.at(i) != a[i] + b[i];
    std::cout << n - wrong << " of " << n << " sums exact\n" << (wrong == 0 ? "Test Passed" : "Test Failed") << std::endl;
    return wrong == 0 ? 0 : 1;
}
