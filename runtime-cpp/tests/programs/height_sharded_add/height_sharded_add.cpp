// height_sharded_add: c = a + b for a 256x64 bf16 matrix (8x2 tiles) HEIGHT_SHARDED over 4 cores' L1, two
// tile rows per core. The CBs are placed directly on the shards (set_globally_allocated_address), so no
// data moves over the NoC. Checks: every element within bf16 rounding of the fp32 sum, PCC >= 0.9999, and
// each shard's tiles landed on the core the shard spec names (read back through detail::ReadFromDeviceL1),
// and a kernel reading c through its sharded TensorAccessor sees the same pages in the same order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <fmt/core.h>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_metal.hpp>

using namespace tt::tt_metal;
using tt::constants::TILE_HW;

namespace {

double pcc(const std::vector<float>& x, const std::vector<float>& y) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
    mx /= x.size(), my /= y.size();
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

}  // namespace

int main() {
    auto device = distributed::MeshDevice::create_unit_mesh(0);
    auto& cq = device->mesh_command_queue();
    constexpr std::uint32_t tiles_high = 8, tiles_wide = 2, num_cores = 4;
    constexpr std::uint32_t tiles_per_core = tiles_high * tiles_wide / num_cores;
    constexpr std::uint32_t tile_bytes = TILE_HW * sizeof(bfloat16);
    const CoreRange cores({0, 0}, {num_cores - 1, 0});

    ShardSpecBuffer shard_spec(cores, {tiles_high / num_cores * 32, tiles_wide * 32}, ShardOrientation::ROW_MAJOR,
                               {32, 32}, {tiles_high, tiles_wide});
    distributed::DeviceLocalBufferConfig local{.page_size = tile_bytes,
                                               .buffer_type = BufferType::L1,
                                               .sharding_args = BufferShardingArgs(shard_spec, TensorMemoryLayout::HEIGHT_SHARDED)};
    distributed::ReplicatedBufferConfig whole{.size = tiles_high * tiles_wide * tile_bytes};
    auto a = distributed::MeshBuffer::create(whole, local, device.get());
    auto b = distributed::MeshBuffer::create(whole, local, device.get());
    auto c = distributed::MeshBuffer::create(whole, local, device.get());

    std::mt19937 rng(5);
    std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
    std::vector<bfloat16> a_data(tiles_high * tiles_wide * TILE_HW), b_data(a_data.size());
    for (std::size_t i = 0; i < a_data.size(); ++i) a_data[i] = bfloat16(dist(rng)), b_data[i] = bfloat16(dist(rng));
    distributed::EnqueueWriteMeshBuffer(cq, a, a_data, false);
    distributed::EnqueueWriteMeshBuffer(cq, b, b_data, false);

    Program program = CreateProgram();
    auto shard_cb = [&](tt::CBIndex index, const std::shared_ptr<distributed::MeshBuffer>& buffer) {
        CircularBufferConfig config = CircularBufferConfig(tiles_per_core * tile_bytes, {{index, tt::DataFormat::Float16_b}})
                                          .set_page_size(index, tile_bytes)
                                          .set_globally_allocated_address(*buffer->get_backing_buffer());
        CreateCircularBuffer(program, cores, config);
    };
    shard_cb(tt::CBIndex::c_0, a);
    shard_cb(tt::CBIndex::c_1, b);
    shard_cb(tt::CBIndex::c_16, c);
    auto reader = CreateKernel(program, "kernels/mark_shards_ready.cpp", cores, ReaderDataMovementConfig());
    auto writer = CreateKernel(program, "kernels/wait_output.cpp", cores, WriterDataMovementConfig());
    auto compute = CreateKernel(program, "kernels/add_tiles.cpp", cores, ComputeConfig{});
    for (auto kernel : {reader, writer, compute}) SetRuntimeArgs(program, kernel, cores, {tiles_per_core});

    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, true);
    std::vector<bfloat16> c_data;
    distributed::EnqueueReadMeshBuffer(cq, c_data, c, true);

    bool pass = c_data.size() == a_data.size();
    std::vector<float> expected(a_data.size()), actual(a_data.size());
    std::size_t out_of_tolerance = 0;
    for (std::size_t i = 0; i < a_data.size() && pass; ++i) {
        expected[i] = static_cast<float>(a_data[i]) + static_cast<float>(b_data[i]);
        actual[i] = static_cast<float>(c_data[i]);
        if (std::fabs(actual[i] - expected[i]) > std::fabs(expected[i]) * (1.0f / 128) + 1e-6f) ++out_of_tolerance;
    }
    const double correlation = pcc(expected, actual);
    fmt::print("elements outside bf16 rounding: {}, PCC {:.6f}\n", out_of_tolerance, correlation);
    pass = pass && out_of_tolerance == 0 && correlation >= 0.9999;

    // Shard placement: core k holds tile rows 2k and 2k+1 of c, i.e. pages 4k..4k+3, at the buffer address.
    for (std::uint32_t k = 0; k < num_cores; ++k) {
        std::vector<std::uint32_t> words;
        detail::ReadFromDeviceL1(device.get(), {k, 0}, static_cast<std::uint32_t>(c->address()), tile_bytes, words);
        const auto* first = reinterpret_cast<const bfloat16*>(words.data());
        const std::size_t page = k * tiles_per_core;
        for (std::uint32_t e = 0; e < TILE_HW; ++e) {
            if (!(first[e] == c_data[page * TILE_HW + e])) {
                fmt::print("shard of core ({},0) does not hold page {}\n", k, page);
                pass = false;
                break;
            }
        }
    }

    // Sharded TensorAccessor: a kernel on core (0,1) gathers c page by page from the shards into DRAM.
    {
        Program gather = CreateProgram();
        const CoreCoord gather_core = {0, 1};
        CreateCircularBuffer(gather, gather_core,
                             CircularBufferConfig(2 * tile_bytes, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                                 .set_page_size(tt::CBIndex::c_0, tile_bytes));
        distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
        auto gathered = distributed::MeshBuffer::create(whole, dram, device.get());
        std::vector<std::uint32_t> compile_args;
        TensorAccessorArgs(*c).append_to(compile_args);
        TensorAccessorArgs(*gathered).append_to(compile_args);
        auto kernel = CreateKernel(gather, "kernels/gather_shards.cpp", gather_core, ReaderDataMovementConfig(compile_args));
        SetRuntimeArgs(gather, kernel, gather_core,
                       {static_cast<std::uint32_t>(c->address()), static_cast<std::uint32_t>(gathered->address()),
                        tiles_high * tiles_wide});
        distributed::MeshWorkload gather_workload;
        gather_workload.add_program(distributed::MeshCoordinateRange(device->shape()), std::move(gather));
        distributed::EnqueueMeshWorkload(cq, gather_workload, false);
        std::vector<bfloat16> gathered_data;
        distributed::EnqueueReadMeshBuffer(cq, gathered_data, gathered, true);
        const bool same = gathered_data.size() == c_data.size() &&
                          std::equal(gathered_data.begin(), gathered_data.end(), c_data.begin());
        fmt::print("gather through sharded TensorAccessor: {}\n", same ? "match" : "MISMATCH");
        pass = pass && same;
    }
    device->close();
    fmt::print("{}\n", pass ? "Test Passed" : "Test Failed");
    return pass ? 0 : 1;
}
