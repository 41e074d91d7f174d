// Test: tt-metal's distributed API on meshes of emulated chips, in the style of upstream's
// programming_examples/distributed. Every result is checked against a CPU computation of the same formula.
// Usage: mesh_distributed <case>
//   whole_mesh  2x4: replicated weights, sharded input/output, one program over the whole mesh
//   sub_ranges  2x4: different programs on different coordinate ranges; chips without a program untouched
//   shards      2x4: per-chip WriteShard/ReadShard round trips, regions, one address on every chip
//   submeshes   2x4 split into 1x2 submeshes sharing the parent's chips; unit meshes are separate chips
//   concurrent  10 unit meshes with workloads queued at once (more than the chips whose L1 can be shown to
//               kernels at the same time), finished in reverse order
//   galaxy      4x8: 32 chips open, run and close within a generous memory limit (VmRSS, VmHWM)
//   faults      clear errors for meshes, coordinates and ranges that do not exist (run with TT_EMU_MESH=2x4)
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/system_mesh.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt;
using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

constexpr uint32_t kShardSide = 32;                              // a shard is 32x32 uint32 datums
constexpr uint32_t kPageBytes = 1024;                            // 256 datums: 8 rows of a shard
constexpr uint32_t kShardBytes = kShardSide * kShardSide * 4;    // 4 pages per chip
constexpr uint32_t kShardPages = kShardBytes / kPageBytes;

bool all_ok = true;
void check(bool condition, const std::string& what) {
    std::printf("[%s] %s\n", condition ? "PASS" : "FAIL", what.c_str());
    all_ok &= condition;
}

// Deterministic test data: a different word at every index for every seed.
std::vector<uint32_t> pattern(std::size_t words, uint32_t seed) {
    std::vector<uint32_t> data(words);
    uint32_t state = seed * 2654435761u + 12345u;
    for (auto& word : data) {
        state = state * 1664525u + 1013904223u;
        word = state >> 8;
    }
    return data;
}

std::shared_ptr<MeshBuffer> sharded_dram_buffer(MeshDevice& mesh) {
    const distributed::ShardedBufferConfig config{
        .global_size = uint64_t(kShardBytes) * mesh.num_devices(),
        .global_buffer_shape = Shape2D{kShardSide * mesh.num_rows(), kShardSide * mesh.num_cols()},
        .shard_shape = Shape2D{kShardSide, kShardSide},
        .shard_orientation = ShardOrientation::ROW_MAJOR};
    const DeviceLocalBufferConfig local{.page_size = kPageBytes, .buffer_type = BufferType::DRAM, .bottom_up = false};
    return MeshBuffer::create(config, local, &mesh);
}

std::shared_ptr<MeshBuffer> replicated_buffer(MeshDevice& mesh, BufferType type) {
    const DeviceLocalBufferConfig local{.page_size = kPageBytes, .buffer_type = type};
    return MeshBuffer::create(ReplicatedBufferConfig{.size = kShardBytes}, local, &mesh);
}

// out = input * scale + weight + bias on every chip the program is given to: two worker cores per chip,
// each taking half of the chip's pages.
Program affine_program(const MeshBuffer& input, const MeshBuffer& weight, const MeshBuffer& output, uint32_t scale,
                       uint32_t bias) {
    Program program = CreateProgram();
    const CoreRange cores(CoreCoord{0, 0}, CoreCoord{1, 0});
    for (uint32_t cb : {uint32_t(CBIndex::c_0), uint32_t(CBIndex::c_1)}) {
        CreateCircularBuffer(program, cores,
                             CircularBufferConfig(2 * kPageBytes, {{cb, tt::DataFormat::UInt32}})
                                 .set_page_size(cb, kPageBytes));
    }
    std::vector<uint32_t> reader_args;
    TensorAccessorArgs(input).append_to(reader_args);
    TensorAccessorArgs(weight).append_to(reader_args);
    std::vector<uint32_t> writer_args{scale};
    TensorAccessorArgs(output).append_to(writer_args);
    const std::string kernels = MESH_DISTRIBUTED_KERNELS_DIR;
    auto reader = CreateKernel(program, kernels + "read_pair.cpp", cores,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                  .noc = NOC::RISCV_1_default,
                                                  .compile_args = reader_args});
    auto writer = CreateKernel(program, kernels + "affine_write.cpp", cores,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                  .noc = NOC::RISCV_0_default,
                                                  .compile_args = writer_args});
    const uint32_t half = kShardPages / 2;
    for (uint32_t x = 0; x < 2; ++x) {
        const CoreCoord core{x, 0};
        SetRuntimeArgs(program, reader, core,
                       {uint32_t(input.address()), uint32_t(weight.address()), x * half, half, kPageBytes});
        SetRuntimeArgs(program, writer, core, {uint32_t(output.address()), x * half, half, bias, kPageBytes});
    }
    return program;
}

// The chip's shard of a global rows x cols buffer cut into 32x32 shards dealt row-major over the mesh.
std::vector<uint32_t> shard_of(const std::vector<uint32_t>& global, std::size_t global_cols, const MeshCoordinate& chip) {
    std::vector<uint32_t> shard;
    for (uint32_t r = 0; r < kShardSide; ++r) {
        for (uint32_t c = 0; c < kShardSide; ++c) {
            shard.push_back(global[(chip[0] * kShardSide + r) * global_cols + chip[1] * kShardSide + c]);
        }
    }
    return shard;
}

std::vector<uint32_t> affine(const std::vector<uint32_t>& input, const std::vector<uint32_t>& weight, uint32_t scale,
                             uint32_t bias) {
    std::vector<uint32_t> out(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) out[i] = input[i] * scale + weight[i] + bias;
    return out;
}

// The whole-mesh case, shared by the 2x4 and 4x8 runs. Returns false on a wrong result.
bool run_whole_mesh(MeshDevice& mesh, uint32_t seed) {
    auto& cq = mesh.mesh_command_queue();
    auto input = sharded_dram_buffer(mesh);
    auto output = sharded_dram_buffer(mesh);
    auto weight = replicated_buffer(mesh, BufferType::DRAM);
    const std::size_t global_cols = kShardSide * mesh.num_cols();
    const auto input_data = pattern(input->size() / 4, seed);
    const auto weight_data = pattern(kShardBytes / 4, seed + 1);
    EnqueueWriteMeshBuffer(cq, input, input_data, false);
    EnqueueWriteMeshBuffer(cq, weight, weight_data, false);

    MeshWorkload workload;
    workload.add_program(MeshCoordinateRange(mesh.shape()), affine_program(*input, *weight, *output, 1, 7));
    EnqueueMeshWorkload(cq, workload, false);
    std::vector<uint32_t> result;
    EnqueueReadMeshBuffer(cq, result, output, true);

    // Global element (r, c) lives on chip (r / 32, c / 32); each chip adds the same replicated weights.
    bool ok = result.size() == input_data.size();
    for (std::size_t i = 0; ok && i < result.size(); ++i) {
        const std::size_t r = i / global_cols, c = i % global_cols;
        ok = result[i] == input_data[i] + weight_data[(r % kShardSide) * kShardSide + c % kShardSide] + 7;
    }
    bool shards_match = true;
    for (const auto& coord : MeshCoordinateRange(mesh.shape())) {
        std::vector<uint32_t> shard;
        ReadShard(cq, shard, output, coord, true);
        shards_match &= shard == affine(shard_of(input_data, global_cols, coord), weight_data, 1, 7);
    }
    check(ok, "gathered output equals input + weights + 7 element by element");
    check(shards_match, "each chip's shard (ReadShard) holds its own block of the global buffer, computed");
    return ok && shards_match;
}

void whole_mesh() {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
    check(mesh->shape() == MeshShape(2, 4) && mesh->num_devices() == 8 && mesh->num_rows() == 2 &&
              mesh->num_cols() == 4,
          "a 2x4 mesh opens with 8 chips");
    // Chip ids are the system mesh's (4x8 by default): row r, column c of the mesh is chip r * 8 + c.
    std::vector<int> ids, system_ids;
    for (IDevice* chip : mesh->get_devices()) ids.push_back(chip->id());
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        system_ids.push_back(SystemMesh::instance().get_physical_device_id(coord));
    }
    check(ids == system_ids && mesh->get_device_ids() == ids && ids.size() == 8, "chips are the system mesh's, row-major");
    check(mesh->get_device(MeshCoordinate(1, 2))->id() == system_ids[6] &&
              mesh->get_device(system_ids[5]) == mesh->get_device(1, 1),
          "chips are found by coordinate, by (row, col) and by id");
    run_whole_mesh(*mesh, 11);
    mesh->close();
}

void sub_ranges() {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
    auto& cq = mesh->mesh_command_queue();
    auto input = replicated_buffer(*mesh, BufferType::DRAM);
    auto weight = replicated_buffer(*mesh, BufferType::L1);
    auto output = replicated_buffer(*mesh, BufferType::DRAM);
    const auto weight_data = pattern(kShardBytes / 4, 21);
    const std::vector<uint32_t> sentinel(kShardBytes / 4, 0xDEADBEEFu);
    EnqueueWriteMeshBuffer(cq, weight, weight_data, false);
    std::map<MeshCoordinate, std::vector<uint32_t>> inputs;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        inputs[coord] = pattern(kShardBytes / 4, 100 + coord[0] * 4 + coord[1]);
        WriteShard(cq, input, inputs[coord], coord, false);
        std::vector<uint32_t> fill = sentinel;
        WriteShard(cq, output, fill, coord, false);
    }
    // Row 0: x * 2 + w + 1; row 1, columns 0-1: x * 3 + w; row 1, columns 2-3: no program.
    const MeshCoordinateRange row0(MeshCoordinate(0, 0), MeshCoordinate(0, 3));
    const MeshCoordinateRange row1_left(MeshCoordinate(1, 0), MeshCoordinate(1, 1));
    check(row0.size() == 4 && row0.shape() == MeshShape(1, 4) && row0.contains(MeshCoordinate(0, 2)) &&
              !row0.contains(MeshCoordinate(1, 2)) && !row0.intersects(row1_left) &&
              MeshCoordinateRange(mesh->shape()).contains(row1_left),
          "MeshCoordinateRange size, shape, contains and intersects");
    MeshWorkload workload;
    workload.add_program(row0, affine_program(*input, *weight, *output, 2, 1));
    workload.add_program(row1_left, affine_program(*input, *weight, *output, 3, 0));
    EnqueueMeshWorkload(cq, workload, true);
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        std::vector<uint32_t> result;
        ReadShard(cq, result, output, coord, true);
        const auto& x = inputs[coord];
        const auto expected = row0.contains(coord)        ? affine(x, weight_data, 2, 1)
                              : row1_left.contains(coord) ? affine(x, weight_data, 3, 0)
                                                          : sentinel;
        check(result == expected, coord.str() + (row0.contains(coord)        ? " ran x*2+w+1"
                                                 : row1_left.contains(coord) ? " ran x*3+w"
                                                                             : " ran nothing (output untouched)"));
    }
    Finish(cq);
    mesh->close();
}

void shards() {
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
    auto& cq = mesh->mesh_command_queue();
    auto l1_buffer = replicated_buffer(*mesh, BufferType::L1);
    auto dram_buffer = sharded_dram_buffer(*mesh);
    bool same_address = true;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        same_address &= l1_buffer->get_device_buffer(coord)->address() == l1_buffer->address() &&
                        dram_buffer->get_device_buffer(coord)->address() == dram_buffer->address() &&
                        l1_buffer->get_device_buffer(coord)->device() == mesh->get_device(coord);
    }
    check(same_address, "a mesh buffer has one address on every chip");

    std::map<MeshCoordinate, std::vector<uint32_t>> written;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        written[coord] = pattern(kShardBytes / 4, 300 + coord[0] * 4 + coord[1]);
        WriteShard(cq, l1_buffer, written[coord], coord);
        WriteShard(cq, dram_buffer, written[coord], coord);
    }
    bool round_trips = true;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        std::vector<uint32_t> l1_back, dram_back;
        ReadShard(cq, l1_back, l1_buffer, coord);
        ReadShard(cq, dram_back, dram_buffer, coord);
        round_trips &= l1_back == written[coord] && dram_back == written[coord];
    }
    check(round_trips, "WriteShard then ReadShard gives each chip its own data back (L1 and DRAM)");

    // The global view of the sharded buffer is the shards put back in place, row-major over the mesh.
    std::vector<uint32_t> global;
    EnqueueReadMeshBuffer(cq, global, dram_buffer, true);
    const std::size_t global_cols = kShardSide * mesh->num_cols();
    bool assembled = global.size() == dram_buffer->size() / 4;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        assembled &= assembled && shard_of(global, global_cols, coord) == written[coord];
    }
    check(assembled, "EnqueueReadMeshBuffer gathers the shards written per chip into the global buffer");

    // A region write changes only those bytes of that one chip.
    std::vector<uint32_t> patch(64, 0x5A5A5A5Au);
    cq.enqueue_write_shards(dram_buffer, {{MeshCoordinate(1, 3), patch.data(), BufferRegion(1000, 256)}}, true);
    std::vector<uint32_t> patched, neighbour;
    ReadShard(cq, patched, dram_buffer, MeshCoordinate(1, 3));
    ReadShard(cq, neighbour, dram_buffer, MeshCoordinate(1, 2));
    auto expected = written[MeshCoordinate(1, 3)];
    std::fill(expected.begin() + 250, expected.begin() + 314, 0x5A5A5A5Au);
    check(patched == expected && neighbour == written[MeshCoordinate(1, 2)],
          "a BufferRegion write changes only its 256 bytes on its chip");

    // Writing a replicated buffer puts the same data on every chip.
    const auto same = pattern(kShardBytes / 4, 77);
    EnqueueWriteMeshBuffer(cq, l1_buffer, same, true);
    bool replicated = true;
    for (const auto& coord : MeshCoordinateRange(mesh->shape())) {
        std::vector<uint32_t> back;
        ReadShard(cq, back, l1_buffer, coord);
        replicated &= back == same;
    }
    check(replicated, "EnqueueWriteMeshBuffer of a replicated buffer reaches every chip");
    mesh->close();
}

void submeshes() {
    auto parent = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 4)));
    auto input = replicated_buffer(*parent, BufferType::DRAM);
    auto weight = replicated_buffer(*parent, BufferType::DRAM);
    auto output = replicated_buffer(*parent, BufferType::DRAM);
    auto& parent_cq = parent->mesh_command_queue();
    const auto input_data = pattern(kShardBytes / 4, 41);
    const auto weight_data = pattern(kShardBytes / 4, 42);
    const std::vector<uint32_t> zeros(kShardBytes / 4, 0);
    EnqueueWriteMeshBuffer(parent_cq, input, input_data);
    EnqueueWriteMeshBuffer(parent_cq, weight, weight_data);
    EnqueueWriteMeshBuffer(parent_cq, output, zeros, true);

    const auto pieces = parent->create_submeshes(MeshShape(1, 2));
    check(pieces.size() == 4 && pieces[3]->shape() == MeshShape(1, 2) && !pieces[3]->is_parent_mesh() &&
              pieces[3]->get_device(MeshCoordinate(0, 1)) == parent->get_device(MeshCoordinate(1, 3)) &&
              parent->get_submeshes().size() == 4,
          "create_submeshes tiles the 2x4 mesh with 1x2 views of the parent's chips");
    auto& piece = *pieces[3];
    MeshWorkload workload;
    workload.add_program(MeshCoordinateRange(piece.shape()), affine_program(*input, *weight, *output, 5, 3));
    EnqueueMeshWorkload(piece.mesh_command_queue(), workload, true);
    bool ok = true;
    for (const auto& coord : MeshCoordinateRange(parent->shape())) {
        std::vector<uint32_t> result;
        ReadShard(parent_cq, result, output, coord);
        const bool in_piece = coord[0] == 1 && coord[1] >= 2;
        ok &= result == (in_piece ? affine(input_data, weight_data, 5, 3) : zeros);
    }
    check(ok, "a program on submesh (1,2)-(1,3) changes exactly those chips of the parent");
    parent->close();

    // Unit meshes are separate chips with separate memory.
    auto units = MeshDevice::create_unit_meshes({0, 1});
    check(units.size() == 2 && units[1]->num_devices() == 1 && units[1]->id() == 1, "create_unit_meshes opens 1x1 meshes");
    std::map<int, std::vector<uint32_t>> data;
    std::map<int, std::shared_ptr<MeshBuffer>> buffers;
    for (auto& [id, unit] : units) {
        buffers[id] = replicated_buffer(*unit, BufferType::DRAM);
        data[id] = pattern(kShardBytes / 4, 500 + id);
        EnqueueWriteMeshBuffer(unit->mesh_command_queue(), buffers[id], data[id], true);
    }
    bool separate = true;
    for (auto& [id, unit] : units) {
        std::vector<uint32_t> back;
        EnqueueReadMeshBuffer(unit->mesh_command_queue(), back, buffers[id], true);
        separate &= back == data[id];
    }
    check(separate, "each unit mesh keeps its own DRAM contents");
}

void concurrent() {
    std::vector<int> ids;
    for (int id = 0; id < 10; ++id) ids.push_back(id);
    auto units = MeshDevice::create_unit_meshes(ids);
    std::map<int, std::vector<std::shared_ptr<MeshBuffer>>> buffers;
    std::map<int, std::vector<uint32_t>> inputs;
    const auto weight_data = pattern(kShardBytes / 4, 90);
    for (auto& [id, unit] : units) {
        auto& cq = unit->mesh_command_queue();
        auto input = replicated_buffer(*unit, BufferType::DRAM);
        auto weight = replicated_buffer(*unit, BufferType::L1);
        auto output = replicated_buffer(*unit, BufferType::DRAM);
        inputs[id] = pattern(kShardBytes / 4, 900 + id);
        EnqueueWriteMeshBuffer(cq, input, inputs[id]);
        EnqueueWriteMeshBuffer(cq, weight, weight_data);
        MeshWorkload workload;
        workload.add_program(MeshCoordinateRange(unit->shape()), affine_program(*input, *weight, *output, 1, id));
        EnqueueMeshWorkload(cq, workload, false);
        buffers[id] = {input, weight, output};
    }
    bool ok = true;
    for (auto it = units.rbegin(); it != units.rend(); ++it) {
        const int id = it->first;
        std::vector<uint32_t> result;
        EnqueueReadMeshBuffer(it->second->mesh_command_queue(), result, buffers[id][2], true);
        ok &= result == affine(inputs[id], weight_data, 1, uint32_t(id));
    }
    check(ok, "10 unit meshes with workloads in flight at once all compute their own results");
}

// VmRSS / VmHWM of this process, in MiB.
std::map<std::string, long> memory_mib() {
    std::map<std::string, long> result;
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    std::string unit;
    while (status >> key) {
        if (key == "VmRSS:" || key == "VmHWM:") {
            status >> value >> unit;
            result[key.substr(0, key.size() - 1)] = value / 1024;
        } else {
            std::getline(status, unit);
        }
    }
    return result;
}

void galaxy() {
    constexpr long kLimitMib = 2048;  // generous: 32 chips reserve ~400 GiB of address space, touch a few MiB
    const long before = memory_mib()["VmRSS"];
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(4, 8)));
    const long opened = memory_mib()["VmRSS"];
    check(mesh->num_devices() == 32, "a 4x8 mesh opens with 32 chips");
    std::printf("VmRSS before open %ld MiB, after opening 32 chips %ld MiB\n", before, opened);
    check(opened - before < 256, "opening 32 idle chips costs under 256 MiB of resident memory");
    run_whole_mesh(*mesh, 61);
    const auto after_run = memory_mib();
    std::printf("after a workload on all 32 chips: VmRSS %ld MiB, VmHWM %ld MiB\n", after_run.at("VmRSS"),
                after_run.at("VmHWM"));
    check(after_run.at("VmHWM") < kLimitMib, "peak resident memory of the 4x8 run stays under 2 GiB");
    mesh->close();
    mesh.reset();
    std::printf("after close: VmRSS %ld MiB\n", memory_mib()["VmRSS"]);
}

// Runs `action`, expecting an exception whose message contains `expected`.
void expect_error(const std::string& what, const std::string& expected, const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        const std::string message = error.what();
        check(message.find(expected) != std::string::npos, what + ": \"" + expected + "\"");
        if (message.find(expected) == std::string::npos) std::printf("  got: %s\n", message.c_str());
        return;
    }
    check(false, what + ": no error");
}

void faults() {
    check(SystemMesh::instance().shape() == MeshShape(2, 4), "TT_EMU_MESH=2x4 sets the system mesh");
    expect_error("a mesh larger than the system mesh", "does not fit the system mesh",
                 [] { MeshDevice::create(MeshDeviceConfig(MeshShape(4, 8))); });
    expect_error("a unit mesh on a chip that does not exist", "does not exist",
                 [] { MeshDevice::create_unit_mesh(8); });
    expect_error("a 3-D mesh shape", "2-D meshes", [] { MeshDevice::create(MeshDeviceConfig(MeshShape(1, 2, 2))); });
    auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 8)));
    check(mesh->shape() == MeshShape(1, 8), "a 1x8 line fits the 2x4 system mesh");
    mesh->close();
    mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(2, 2), MeshCoordinate(0, 2)));
    check(mesh->get_device_ids() == std::vector<int>({2, 3, 6, 7}), "a 2x2 mesh at offset (0, 2) takes chips 2, 3, 6, 7");
    auto& cq = mesh->mesh_command_queue();
    auto buffer = replicated_buffer(*mesh, BufferType::DRAM);
    std::vector<uint32_t> data(kShardBytes / 4, 1);
    expect_error("a coordinate outside the mesh", "lies outside", [&] { mesh->get_device(MeshCoordinate(2, 0)); });
    expect_error("WriteShard outside the mesh", "lies outside", [&] { WriteShard(cq, buffer, data, MeshCoordinate(0, 2)); });
    expect_error("reading a replicated buffer of a multi-chip mesh whole", "Can only read a Sharded MeshBuffer",
                 [&] { EnqueueReadMeshBuffer(cq, data, buffer, true); });
    expect_error("a workload range outside the mesh", "lies outside the", [&] {
        MeshWorkload workload;
        workload.add_program(MeshCoordinateRange(MeshCoordinate(0, 0), MeshCoordinate(2, 1)),
                             affine_program(*buffer, *buffer, *buffer, 1, 0));
        EnqueueMeshWorkload(cq, workload, true);
    });
    expect_error("overlapping workload ranges", "overlaps", [&] {
        MeshWorkload workload;
        workload.add_program(MeshCoordinateRange(mesh->shape()), affine_program(*buffer, *buffer, *buffer, 1, 0));
        workload.add_program(MeshCoordinateRange(MeshCoordinate(1, 1)), affine_program(*buffer, *buffer, *buffer, 1, 0));
    });
    expect_error("a kernel fault on one chip names that chip", "on chip 6 (MeshCoordinate([1, 0]) of the 2x2 mesh)",
                 [&] {
                     auto gone = replicated_buffer(*mesh, BufferType::DRAM);
                     MeshWorkload workload;
                     workload.add_program(MeshCoordinateRange(MeshCoordinate(0, 0), MeshCoordinate(0, 1)),
                                          affine_program(*buffer, *buffer, *buffer, 1, 0));
                     workload.add_program(MeshCoordinateRange(MeshCoordinate(1, 0), MeshCoordinate(1, 1)),
                                          affine_program(*gone, *buffer, *buffer, 1, 0));
                     gone->deallocate();
                     EnqueueMeshWorkload(cq, workload, false);
                     Finish(cq);
                 });
    expect_error("a submesh that does not fit", "does not fit", [&] { mesh->create_submesh(MeshShape(1, 2), MeshCoordinate(1, 1)); });
    expect_error("a sharded buffer with more shards than chips", "do not fit the 4 chips", [&] {
        const distributed::ShardedBufferConfig config{.global_size = 8 * 4096,
                                         .global_buffer_shape = Shape2D{32, 256},
                                         .shard_shape = Shape2D{32, 32}};
        MeshBuffer::create(config, DeviceLocalBufferConfig{.page_size = kPageBytes}, mesh.get());
    });
    mesh->close();
}

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, std::function<void()>> cases = {
        {"whole_mesh", whole_mesh}, {"sub_ranges", sub_ranges}, {"shards", shards},
        {"submeshes", submeshes},   {"concurrent", concurrent}, {"galaxy", galaxy},
        {"faults", faults}};
    if (argc != 2 || !cases.count(argv[1])) {
        std::fprintf(stderr, "usage: mesh_distributed whole_mesh|sub_ranges|shards|submeshes|concurrent|galaxy|faults\n");
        return 2;
    }
    try {
        cases.at(argv[1])();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mesh_distributed %s failed: %s\n", argv[1], error.what());
        return 1;
    }
    return all_ok ? 0 : 1;
}
