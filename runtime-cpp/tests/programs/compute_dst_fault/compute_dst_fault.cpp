// Test of the DST capacity fault: a compute kernel copies a tile through DST tile <index>. In range
// (bf16 half-sync: 0..7, fp32_dest_acc_en: 0..3) the tile must arrive unchanged; out of range the run
// must fail with a DST fault that names the op (copy_tile), the index and the capacity — not hang and
// not silently write somewhere.
// Usage: compute_dst_fault <dst_index> <fp32_dest: 0|1> <expect: ok|fault>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;

namespace {

std::vector<bfloat16> copy_through_dst(uint32_t dst_index, bool fp32_dest, const std::vector<bfloat16>& input) {
    auto mesh_device = distributed::MeshDevice::create_unit_mesh(0);
    distributed::MeshCommandQueue& cq = mesh_device->mesh_command_queue();
    Program program = CreateProgram();
    const CoreCoord core{0, 0};
    const uint32_t tile_bytes = sizeof(bfloat16) * constants::TILE_HW;
    const distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
    auto in_buffer = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tile_bytes}, dram,
                                                     mesh_device.get());
    auto out_buffer = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tile_bytes}, dram,
                                                      mesh_device.get());
    for (uint32_t cb_index : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_16)}) {
        CreateCircularBuffer(program, core,
                             CircularBufferConfig(tile_bytes, {{cb_index, tt::DataFormat::Float16_b}})
                                 .set_page_size(cb_index, tile_bytes));
    }
    std::vector<uint32_t> reader_args, writer_args;
    TensorAccessorArgs(*in_buffer).append_to(reader_args);
    TensorAccessorArgs(*out_buffer).append_to(writer_args);
    const std::string kernels = COMPUTE_DST_FAULT_KERNELS_DIR;
    auto reader = CreateKernel(program, kernels + "reader_one_tile.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                  .noc = NOC::RISCV_1_default,
                                                  .compile_args = reader_args});
    auto writer = CreateKernel(program, kernels + "writer_one_tile.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                  .noc = NOC::RISCV_0_default,
                                                  .compile_args = writer_args});
    CreateKernel(program, kernels + "copy_through_dst.cpp", core,
                 ComputeConfig{.fp32_dest_acc_en = fp32_dest, .compile_args = {dst_index}});
    SetRuntimeArgs(program, reader, core, {uint32_t(in_buffer->address())});
    SetRuntimeArgs(program, writer, core, {uint32_t(out_buffer->address())});

    distributed::EnqueueWriteMeshBuffer(cq, in_buffer, input, false);
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh_device->shape()), std::move(program));
    std::vector<bfloat16> output;
    try {
        distributed::EnqueueMeshWorkload(cq, workload, false);
        distributed::EnqueueReadMeshBuffer(cq, output, out_buffer, true);
    } catch (...) {
        mesh_device->close();
        throw;
    }
    mesh_device->close();
    return output;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: compute_dst_fault <dst_index> <fp32_dest 0|1> <ok|fault>\n");
        return 2;
    }
    const uint32_t dst_index = uint32_t(std::atoi(argv[1]));
    const bool fp32_dest = std::atoi(argv[2]) != 0;
    const bool expect_fault = std::string(argv[3]) == "fault";
    const uint32_t capacity = fp32_dest ? 4 : 8;

    std::vector<bfloat16> input(constants::TILE_HW);
    for (size_t i = 0; i < input.size(); ++i) input[i] = bfloat16(float(i % 97) - 48.0f);

    try {
        const auto output = copy_through_dst(dst_index, fp32_dest, input);
        if (expect_fault) {
            std::printf("[FAIL] DST index %u with capacity %u ran without a fault\n", dst_index, capacity);
            return 1;
        }
        const bool same = output == input;
        std::printf("[%s] tile copied through DST %u unchanged\n", same ? "PASS" : "FAIL", dst_index);
        return same ? 0 : 1;
    } catch (const std::exception& error) {
        const std::string message = error.what();
        std::printf("fault message: %s\n", message.c_str());
        if (!expect_fault) {
            std::printf("[FAIL] unexpected fault\n");
            return 1;
        }
        const bool names_everything = contains(message, "dst") && contains(message, "copy_tile") &&
                                      contains(message, "index " + std::to_string(dst_index)) &&
                                      contains(message, "capacity " + std::to_string(capacity));
        std::printf("[%s] fault names the category, op, index and capacity\n", names_everything ? "PASS" : "FAIL");
        return names_everything ? 0 : 1;
    }
}
