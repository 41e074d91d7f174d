// The tt-metal distributed (mesh) API the generated host may use, each name with the header that declares
// it at the pinned tt-metal commit 9231910642 (tt_metal/api/tt-metalium/<header>) and the declaration as
// it reads there. Looked up by hand in that commit's headers; the test that uses this list cannot read
// them (tests need no fetched code), so this is the record of what was checked.

export interface ApiName {
  /** As the generated code spells it after `distributed::` / `MeshDevice::` / a member access. */
  name: string;
  header: string;
  declaration: string;
}

export const MESH_API: readonly ApiName[] = [
  { name: 'MeshDevice', header: 'mesh_device.hpp', declaration: 'class MeshDevice : public IDevice, public std::enable_shared_from_this<MeshDevice>' },
  { name: 'create', header: 'mesh_device.hpp', declaration: 'static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig& config, size_t l1_small_size = ..., ...)' },
  { name: 'create_unit_mesh', header: 'mesh_device.hpp', declaration: 'static std::shared_ptr<MeshDevice> create_unit_mesh(int device_id, ...)' },
  { name: 'mesh_command_queue', header: 'mesh_device.hpp', declaration: 'MeshCommandQueue& mesh_command_queue(std::optional<uint8_t> cq_id = std::nullopt) const' },
  { name: 'shape', header: 'mesh_device.hpp', declaration: 'const MeshShape& shape() const' },
  { name: 'num_devices', header: 'mesh_device.hpp', declaration: 'size_t num_devices() const' },
  { name: 'close', header: 'mesh_device.hpp', declaration: 'bool close() override' },
  { name: 'worker_core_from_logical_core', header: 'mesh_device.hpp', declaration: 'CoreCoord worker_core_from_logical_core(const CoreCoord& logical_core) const override' },
  { name: 'MeshDeviceConfig', header: 'mesh_config.hpp', declaration: 'MeshDeviceConfig(const std::optional<MeshShape>& mesh_shape, const std::optional<MeshCoordinate>& offset = std::nullopt, const std::vector<ChipId>& physical_device_ids = {})' },
  { name: 'MeshShape', header: 'mesh_coord.hpp', declaration: 'MeshShape(uint32_t s0, uint32_t s1)' },
  { name: 'MeshCoordinate', header: 'mesh_coord.hpp', declaration: 'MeshCoordinate(uint32_t c0, uint32_t c1)' },
  { name: 'MeshCoordinateRange', header: 'mesh_coord.hpp', declaration: 'explicit MeshCoordinateRange(const MeshShape& shape)' },
  { name: 'MeshBuffer', header: 'mesh_buffer.hpp', declaration: 'class MeshBuffer; static std::shared_ptr<MeshBuffer> create(const MeshBufferConfig&, const DeviceLocalBufferConfig&, MeshDevice*, ...)' },
  { name: 'ReplicatedBufferConfig', header: 'mesh_buffer.hpp', declaration: 'struct ReplicatedBufferConfig { DeviceAddr size = 0; }' },
  { name: 'DeviceLocalBufferConfig', header: 'mesh_buffer.hpp', declaration: 'struct DeviceLocalBufferConfig { DeviceAddr page_size; BufferType buffer_type; BufferShardingArgs sharding_args; ... }' },
  { name: 'address', header: 'mesh_buffer.hpp', declaration: 'DeviceAddr address() const' },
  { name: 'size', header: 'mesh_buffer.hpp', declaration: 'DeviceAddr size() const' },
  { name: 'get_backing_buffer', header: 'mesh_buffer.hpp', declaration: 'Buffer* get_backing_buffer() const' },
  { name: 'MeshWorkload', header: 'mesh_workload.hpp', declaration: 'class MeshWorkload' },
  { name: 'add_program', header: 'mesh_workload.hpp', declaration: 'void add_program(const MeshCoordinateRange& device_range, Program&& program)' },
  { name: 'MeshCommandQueue', header: 'mesh_command_queue.hpp', declaration: 'class MeshCommandQueue' },
  { name: 'EnqueueMeshWorkload', header: 'distributed.hpp', declaration: 'void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking)' },
  { name: 'EnqueueWriteMeshBuffer', header: 'distributed.hpp', declaration: 'template <typename DType> void EnqueueWriteMeshBuffer(MeshCommandQueue&, std::shared_ptr<MeshBuffer>&, const std::vector<DType>&, bool blocking = false)' },
  { name: 'WriteShard', header: 'distributed.hpp', declaration: 'template <typename DType> void WriteShard(MeshCommandQueue&, const std::shared_ptr<MeshBuffer>&, std::vector<DType>& src, const MeshCoordinate& coord, bool blocking = false)' },
  { name: 'ReadShard', header: 'distributed.hpp', declaration: 'template <typename DType> void ReadShard(MeshCommandQueue&, std::vector<DType>& dst, const std::shared_ptr<MeshBuffer>&, const MeshCoordinate& coord, bool blocking = true)' },
  { name: 'Finish', header: 'distributed.hpp', declaration: 'void Finish(MeshCommandQueue& mesh_cq, tt::stl::Span<const SubDeviceId> sub_device_ids = {})' },
];
