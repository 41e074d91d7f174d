// consumer_minimal: copies two bfloat16 tiles DRAM -> L1 -> DRAM on one core and checks them exactly. It
// includes only the two umbrella headers a tt-metal program starts from; tt::constants, bfloat16,
// std::cout and fmt must all come in through them, as they do with the real package.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;
using namespace tt::constants;

int main() {
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    constexpr CoreCoord core = {0, 0};
    constexpr uint32_t num_tiles = 2;
    constexpr uint32_t tile_bytes = sizeof(bfloat16) * TILE_HW;

    distributed::DeviceLocalBufferConfig dram_config{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    distributed::ReplicatedBufferConfig buffer_config{.size = tile_bytes * num_tiles};
    auto src = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());
    auto dst = distributed::MeshBuffer::create(buffer_config, dram_config, mesh_device.get());

    std::vector<bfloat16> input(num_tiles * TILE_HW);
    for (size_t i = 0; i < input.size(); ++i) input[i] = bfloat16(static_cast<float>(i % 251) * 0.25f - 31.0f);
    distributed::EnqueueWriteMeshBuffer(cq, src, input, false);

    Program program = CreateProgram();
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(tile_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                             .set_page_size(tt::CBIndex::c_0, tile_bytes));
    KernelHandle copy = CreateKernel(program, "kernels/copy_tiles.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default});
    SetRuntimeArgs(program, copy, core,
                   {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()), num_tiles});

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, false);
    std::vector<bfloat16> output;
    distributed::EnqueueReadMeshBuffer(cq, output, dst, true);
    mesh_device->close();

    size_t mismatches = 0;
    for (size_t i = 0; i < input.size(); ++i) {
        if (i >= output.size() || static_cast<float>(output[i]) != static_cast<float>(input[i])) ++mismatches;
    }
    std::cout << "copied " << output.size() << " bfloat16 values (" << num_tiles << " tiles of " << TILE_HEIGHT << "x"
              << TILE_WIDTH << "), " << mismatches << " mismatches" << std::endl;
    fmt::print("{}\n", mismatches == 0 ? "Test Passed" : "Test Failed");
    return mismatches == 0 ? 0 : 1;
}
